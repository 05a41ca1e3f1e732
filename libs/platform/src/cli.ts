import { AppConfig, ConfigError, loadConfig } from './config';
import { Runtime, RuntimeOptions, createRuntime } from './runtime';

/**
 * Ends a command-line run with this exit code; the message, when there is one, goes to standard
 * error as it is (no usage text, no "[name] failed"). For outcomes a command documents: "no such
 * case" (1), an argument that only turns out wrong once read (2), `--help` (0).
 */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    message = '',
  ) {
    super(message);
    this.name = 'CliExit';
  }
}

export interface CliContext<A> {
  readonly args: A;
  readonly runtime: Runtime;
}

interface CliBase<A> {
  /** The `[name]` that prefixes failures. */
  readonly name: string;
  /**
   * Reads the arguments (after the script, as given) before anything starts. An error it throws is
   * a usage error: its message and `usage` go to standard error, exit 2 (a CliExit keeps its own).
   * Without it the command takes no arguments: any (a mistyped flag, `--help` on a command without
   * `usage`) is a usage error, never a run of the work.
   */
  readonly parse?: (argv: string[]) => A | Promise<A>;
  readonly usage?: string;
  /**
   * Exit code when the command could not do its work: bad configuration, the database out of
   * reach, an unexpected error. 1 unless the command gives 1 a meaning of its own (verify: broken).
   */
  readonly failureCode?: number;
  /** Failures print the stack, not only the message (tools for developers). */
  readonly stack?: boolean;
}

export interface RuntimeCli<A> extends CliBase<A> {
  /** Adjusts the configuration the command runs with (a one-shot run wants no timers). */
  readonly config?: (config: AppConfig) => AppConfig;
  readonly runtime: RuntimeOptions;
  /** Returns the exit code (nothing: 0). The runtime is closed afterwards, and on SIGINT (exit 130). */
  readonly main: (context: CliContext<A>) => Promise<number | void>;
  /**
   * Said on SIGINT after "[name] interrupted: " (what the user may do next; a function when that
   * depends on how far the work got); the work's failure as the runtime closes is not reported.
   */
  readonly interrupted?: string | (() => string);
}

export interface PlainCli<A> extends CliBase<A> {
  readonly runtime: false;
  /** A command that brings its own databases (the benchmark) and handles SIGINT itself. */
  readonly main: (context: { readonly args: A }) => Promise<number | void>;
}

/**
 * The one way the project's commands start and end: arguments first (a usage error never waits for
 * a database), then the configuration (a bad variable is named, no stack), the runtime, the work,
 * the runtime closed, and the exit code once standard output and error are flushed.
 */
export function runCli<A = string[]>(cli: RuntimeCli<A>): void;
export function runCli<A = string[]>(cli: PlainCli<A>): void;
export function runCli<A>(cli: RuntimeCli<A> | PlainCli<A>): void {
  const failureCode = cli.failureCode ?? 1;
  const describe = (e: unknown) => (e instanceof Error ? (cli.stack ? (e.stack ?? e.message) : e.message) : String(e));
  run(cli, failureCode, describe).then(
    (code) => {
      if (!interrupting) exit(code);
    },
    (e: unknown) => {
      // Interrupted: the work failed because its runtime was closed under it; the SIGINT handler exits.
      if (interrupting) return;
      if (e instanceof CliExit) return finish(e.code, e.message);
      console.error(`[${cli.name}] failed: ${describe(e)}`);
      exit(failureCode);
    },
  );
}

/** Set on SIGINT: the runtime is being closed and the process exits 130. */
let interrupting = false;

async function run<A>(cli: RuntimeCli<A> | PlainCli<A>, failureCode: number, describe: (e: unknown) => string): Promise<number> {
  let args: A;
  // Every tool answers --help (or -h) with its usage, on standard output, exit 0.
  if (cli.usage && process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    console.log(cli.usage);
    return 0;
  }
  try {
    const argv = process.argv.slice(2);
    if (!cli.parse && argv.some((a) => a !== '--')) throw new Error(`${cli.name} takes no arguments (given: ${argv.join(' ')})`);
    args = cli.parse ? await cli.parse(argv) : (argv as A);
  } catch (e) {
    if (e instanceof CliExit) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new CliExit(2, cli.usage ? (message ? `${message}\n\n${cli.usage}` : cli.usage) : message);
  }
  if (cli.runtime === false) return (await cli.main({ args })) ?? 0;
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) throw new CliExit(failureCode, e.message);
    throw e;
  }
  let runtime: Runtime;
  try {
    runtime = await createRuntime(cli.config ? cli.config(config) : config, cli.runtime);
  } catch (e) {
    throw new CliExit(failureCode, `[${cli.name}] cannot start: ${describe(e)}`);
  }
  process.once('SIGINT', () => {
    interrupting = true;
    const next = typeof cli.interrupted === 'function' ? cli.interrupted() : cli.interrupted;
    console.error(`[${cli.name}] interrupted${next ? `: ${next}` : ''}`);
    void runtime.close().finally(() => exit(130));
  });
  try {
    return (await cli.main({ args, runtime })) ?? 0;
  } finally {
    await runtime.close();
  }
}

function finish(code: number, message: string): void {
  if (message) console.error(message);
  exit(code);
}

/** process.exit once what was written has left: output piped to a file must not be cut short. */
function exit(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}
