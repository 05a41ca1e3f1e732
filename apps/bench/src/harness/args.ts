/** `--name value`, `--name=value` and bare `--flag`; anything else is an error naming it. */
export function parseArgs(argv: readonly string[], flags: readonly string[], valued: readonly string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(arg);
    if (!m) throw new ArgumentError(`unexpected argument "${arg}"`);
    const [, name, inline] = m;
    if (flags.includes(name)) {
      if (inline !== undefined) throw new ArgumentError(`--${name} takes no value`);
      out[name] = true;
    } else if (valued.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new ArgumentError(`--${name} needs a value`);
      out[name] = value;
    } else {
      throw new ArgumentError(`unknown option --${name}`);
    }
  }
  return out;
}

export class ArgumentError extends Error {}

export function positiveInt(name: string, value: string | true | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' ? Number(value.replace(/_/g, '')) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new ArgumentError(`--${name} must be a positive whole number`);
  return n;
}

/**
 * A year of generated cases: one before the present year in the city's time. The cases are spread over the
 * whole year and their handling runs weeks past it, so a later year writes submissions, answers and closes
 * dated after today (a newcomer's --year 2026 on 2026-12-08: answered on 12-30, listed and in 待回访).
 */
export function pastYear(value: string | true | undefined, fallback: number, now: Date): number {
  const year = positiveInt('year', value, fallback);
  const present = Number(new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 4));
  if (year >= present) throw new ArgumentError(`--year must be before ${present}: cases of ${year} would be dated after today`);
  return year;
}

export function positiveNumber(name: string, value: string | true | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(n) || n <= 0) throw new ArgumentError(`--${name} must be a positive number`);
  return n;
}
