import { runCli } from '@wenzheng/platform';
import { readModelEntities, readModelMigrations } from '@wenzheng/read-models';
import { IntegrityVerifier } from './verify-integrity/integrity-verifier';
import { describeReport } from './verify-integrity/describe-report';

/**
 * `npm run verify [-- --json]`: walks the integrity chain of every stream and names the first
 * broken link of each. Exit 0 when every link verifies, 1 when one is broken, 2 when the check
 * could not run (configuration, database).
 */
runCli({
  name: 'verify',
  failureCode: 2,
  usage: `usage: npm run verify [-- --json]

Walks the integrity chain of every stream and names the first broken link of each. Reads only.
Exit 0 when every link verifies, 1 when one is broken, 2 when the check could not run.`,
  parse: (argv) => {
    const given = argv.filter((a) => a !== '--');
    const unknown = given.find((a) => a !== '--json');
    if (unknown !== undefined) throw new Error(`unknown argument "${unknown}"`);
    return given;
  },
  runtime: { entities: readModelEntities, migrations: readModelMigrations, poolSize: 4, log: (m) => console.error(m) },
  main: async ({ args, runtime }) => {
    const report = await new IntegrityVerifier(runtime.eventStore).verifyAll();
    console.log(args.includes('--json') ? JSON.stringify(report, null, 2) : describeReport(report));
    return report.broken.length ? 1 : 0;
  },
});
