import { ConfigError, Runtime, createRuntime, loadConfig } from '@wenzheng/platform';
import { readModelEntities, readModelMigrations } from '../read-model-schema';
import { IntegrityVerifier } from './verify-integrity/integrity-verifier';
import { describeReport } from './verify-integrity/describe-report';

/**
 * `npm run verify [-- --json]`: walks the integrity chain of every stream and names the first
 * broken link of each. Exit 0 when every link verifies, 1 when one is broken, 2 when the check
 * could not run (configuration, database).
 */
async function main(): Promise<number> {
  const json = process.argv.slice(2).includes('--json');
  let runtime: Runtime;
  try {
    runtime = await createRuntime(loadConfig(), {
      entities: readModelEntities, migrations: readModelMigrations, poolSize: 4, log: (m) => console.error(m),
    });
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : `[verify] cannot start: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  try {
    const report = await new IntegrityVerifier(runtime.eventStore, runtime.pool).verifyAll();
    console.log(json ? JSON.stringify(report, null, 2) : describeReport(report));
    return report.broken.length ? 1 : 0;
  } finally {
    await runtime.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`[verify] failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  },
);
