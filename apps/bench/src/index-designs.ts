import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { ArgumentError, parseArgs, positiveInt } from './harness/args';
import { startBenchPostgres } from './harness/postgres';
import { INDEX_DESIGNS, IndexDesignsResult, indexDesignsStep } from './steps/index-designs';

const USAGE = `npm run bench:index-designs -- [--rows N] [--requests R] [--designs a,b] [--keep [--reuse]] [--out DIR]

Fills throw-away copies of public_petitions and cases (the projection's own DDL and indexes)
with N synthetic cases (default 1000000; about 70% of them public), then times the API's own
listing, search and staff-search statements, R of each shape (default 200), under each index
design (default all: ${'${names}'}). --keep leaves the filled tables (with
DATABASE_URL), --reuse measures on them instead of filling again. Starts its own embedded PostgreSQL unless DATABASE_URL is set.`;

const log = (m: string) => process.stderr.write(`[index-designs] ${m}\n`);

function table(result: IndexDesignsResult): string {
  const shapes = [...new Set(result.designs.flatMap((d) => Object.keys(d.byShape)))];
  const lines = [
    `| shape | ${result.designs.map((d) => `${d.design} p50 / p95 ms`).join(' | ')} |`,
    `| --- | ${result.designs.map(() => '---').join(' | ')} |`,
    ...shapes.map(
      (s) => `| ${s} | ${result.designs.map((d) => (d.byShape[s] ? `${d.byShape[s].p50Ms} / ${d.byShape[s].p95Ms}` : '–')).join(' | ')} |`,
    ),
    `| indexes added (MB), build (s) | ${result.designs.map((d) => `${d.addedIndexMb} MB, ${d.buildSeconds.toFixed(1)} s`).join(' | ')} |`,
  ];
  return lines.join('\n');
}

async function main(argv: readonly string[]): Promise<void> {
  const a = parseArgs(argv, ['help', 'keep', 'reuse'], ['rows', 'requests', 'designs', 'out']);
  if (a.help) {
    console.log(USAGE.replace('${names}', INDEX_DESIGNS.map((d) => d.name).join(', ')));
    return;
  }
  const rows = positiveInt('rows', a.rows, 1_000_000);
  const requests = positiveInt('requests', a.requests, 200);
  const designs =
    typeof a.designs === 'string'
      ? a.designs.split(',').map((n) => {
          const d = INDEX_DESIGNS.find((x) => x.name === n.trim());
          if (!d) throw new ArgumentError(`unknown design "${n}" (known: ${INDEX_DESIGNS.map((x) => x.name).join(', ')})`);
          return d;
        })
      : INDEX_DESIGNS;
  const out = path.resolve(typeof a.out === 'string' ? a.out : 'bench-results');
  await mkdir(out, { recursive: true });
  const pg = await startBenchPostgres({ databaseUrl: process.env.DATABASE_URL, logFile: path.join(out, 'postgres.log') });
  // --reuse: the database a --keep run left (createDatabase would drop it first).
  const url = a.reuse ? pg.urlFor('wz_bench_index_designs') : await pg.createDatabase('wz_bench_index_designs');
  const pool = new Pool({ connectionString: url, max: 2 });
  try {
    const load = os.loadavg().map((x) => x.toFixed(2));
    const result = await indexDesignsStep({ pool, cases: rows, requests, designs, reuse: a.reuse === true, log });
    const loadAfter = os.loadavg().map((x) => x.toFixed(2));
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const report = {
      at: new Date().toISOString(),
      server: pg.serverVersion,
      settings: pg.settings,
      loadAverage: { before: load, after: loadAfter },
      ...result,
    };
    await writeFile(path.join(out, `index-designs-${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
    console.log(
      `${result.cases} synthetic cases, ${result.publicRows} public rows (filled in ${result.fillSeconds.toFixed(0)} s); PostgreSQL ${pg.serverVersion}; ` +
        `load average ${load.join(' ')} before, ${loadAfter.join(' ')} after; ${result.mismatches} answers differing between designs\n`,
    );
    console.log(table(result));
  } finally {
    await pool.end();
    // --keep: the filled tables stay for EXPLAIN (with DATABASE_URL; an embedded server goes with the run).
    if (!a.keep) await pg.dropDatabases();
    await pg.stop();
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof ArgumentError ? e.message : e);
  process.exitCode = 1;
});
