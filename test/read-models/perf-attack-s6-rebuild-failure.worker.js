// Runs rebuildProjections in a worker thread for perf-attack-s6-rebuild-failure.int-spec.ts: a
// rebuild that spins on the microtask queue never lets a timer fire, so the spec could not even
// time out if it ran in the test's own thread. The TypeScript is compiled here with swc, as Jest does.
const { workerData, parentPort } = require('node:worker_threads');
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '../..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const m = /^@wenzheng\/([a-z-]+)$/.exec(request);
  return resolve.call(this, m ? path.join(root, 'libs', m[1], 'src') : request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const { Pool } = require('pg');
const { PostgresEventStore } = require('@wenzheng/event-store');
const { rebuildProjections } = require('@wenzheng/projector');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Counts events per stream; `fail(page)` true throws on that page (numbered from 1), after a pause; `finished` gets each page's end time. */
const counter = (name, pages, fail, pageMs = 0, finished = []) => ({
  name,
  version: 1,
  tables: [`${name}_counts`],
  filter: { streamPrefixes: ['count-'] },
  async createTables(c, t) {
    await c.query(`create table ${t[`${name}_counts`]} (stream_id text primary key, n int not null)`);
  },
  async handle(c, events, t) {
    pages.push(events.length);
    if (fail(pages.length)) {
      await sleep(400); // the other projection gets its pages ahead meanwhile
      throw new Error(`${name} fails on page ${pages.length}`);
    }
    const table = t[`${name}_counts`];
    for (const e of events)
      await c.query(`insert into ${table} (stream_id, n) values ($1, 1) on conflict (stream_id) do update set n = ${table}.n + 1`, [
        e.recorded.streamId,
      ]);
    if (pageMs) await sleep(pageMs);
    finished.push(Date.now());
  },
});

async function main() {
  const pool = new Pool({ connectionString: workerData.url, max: 10 });
  const store = new PostgresEventStore({ pool, pollIntervalMs: 50 });
  const decode = async (r) => ({ type: r.type, data: r.data, recorded: r });
  const options = { pool, store, decode, batchSize: 100 };
  const fast = [];
  const slow = [];
  const fastFinished = [];
  let error = null;
  let rejectedAt = 0;
  try {
    await rebuildProjections(
      [counter('fast', fast, () => false, workerData.fastPageMs, fastFinished), counter('slow', slow, (p) => p === workerData.failOn)],
      options,
    );
  } catch (e) {
    error = e.message;
    rejectedAt = Date.now();
  }
  const fastAtRejection = fast.length;
  await sleep(800);
  const fastLater = fast.length;
  const fastFinishedAfterRejection = fastFinished.filter((t) => t > rejectedAt).length;
  // Resumed with projections that do not fail: every event once.
  const fast2 = [];
  const slow2 = [];
  const resumed = await rebuildProjections([counter('fast', fast2, () => false), counter('slow', slow2, () => false)], options);
  const counts = {};
  for (const table of ['wz_rm.fast_counts', 'wz_rm.slow_counts'])
    counts[table] = (await pool.query(`select n from ${table} order by stream_id`)).rows.map((r) => r.n);
  const leftovers = (await pool.query(`select table_name from information_schema.tables where table_name like '%\\_\\_rebuild%'`)).rows;
  await store.close();
  await pool.end();
  return {
    error,
    fastAtRejection,
    fastLater,
    fastFinishedAfterRejection,
    swapped: resumed.swapped,
    resumed: resumed.projections.map((p) => p.resumed),
    counts,
    leftovers,
  };
}

main().then(
  (r) => parentPort.postMessage({ ok: true, ...r }),
  (e) => parentPort.postMessage({ ok: false, error: String(e && e.stack) }),
);
