import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PostgresEventStore } from '@wenzheng/event-store';
import { ensureProjectorSchema, rebuildProjection } from '@wenzheng/projector';
import { PetitionEventCodec, SubjectKeyStore } from '@wenzheng/petition-store';
import {
  DocumentTexts,
  WORKER_MIN_DOCUMENTS,
  answerDeadlineMs,
  documentVector,
  documentVectors,
  petitionViews,
  segmentationCounts,
  useSegmentWorker,
} from '@wenzheng/read-models';
import { generateCase } from '../../apps/bench/src/generator';
import { seedCases } from '../../apps/bench/src/seeding';
import { createTestDatabase } from '../setup/database';

// Issue 15, item 5: a rebuild's main thread segmented every case's texts with jieba (about a tenth
// of its work) between the other projections' folds. A page's documents are now segmented
// together on a worker thread when there are many (documentVectors); what the search columns hold
// must not depend on which thread made them, and a worker that fails must cost nothing but time.

jest.setTimeout(180_000);

/** The texts of generated cases as the projection segments them: title and content, then with the answer. */
function caseDocuments(cases: number): DocumentTexts[] {
  const documents: DocumentTexts[] = [];
  for (let i = 0; i < cases; i++) {
    const events = generateCase(i).steps.flatMap((s) => s.produced);
    const submitted = events.find((e) => e.type === 'PetitionSubmitted')?.data as { title: string; content: string };
    const answer = (events.find((e) => e.type === 'PetitionResponded')?.data as { answer?: string } | undefined)?.answer;
    documents.push([submitted.title, submitted.content], [submitted.title, submitted.content, answer ?? null]);
  }
  return documents;
}

/** Texts jieba and the literals could trip on: empty, none, quotes and backslashes, Latin and digits, emoji, a very long word. */
const ODD: DocumentTexts[] = [
  [],
  ['', null, undefined],
  ["it's a \\path\\ o'clock", "引号'和\\反斜杠"],
  ['WiFi 5G 12345 热线', '😀 表情 𠮷野家'],
  ['长'.repeat(300), 'x'.repeat(150)],
];

describe('segmenting a batch of documents on a worker thread', () => {
  afterAll(async () => useSegmentWorker(undefined));

  it('gives exactly what documentVector gives, in order, and runs on the worker for a large batch', async () => {
    const documents = [...caseDocuments(60), ...ODD];
    expect(documents.length).toBeGreaterThanOrEqual(WORKER_MIN_DOCUMENTS);
    const before = segmentationCounts();
    const vectors = await documentVectors(documents);
    const after = segmentationCounts();
    expect(vectors).toEqual(documents.map((texts) => documentVector(...texts)));
    expect(after.onWorker - before.onWorker).toBe(documents.length);
    expect(after.inThread).toBe(before.inThread);
  });

  it('keeps a small batch on the calling thread', async () => {
    const documents = caseDocuments(10);
    expect(documents.length).toBeLessThan(WORKER_MIN_DOCUMENTS);
    const before = segmentationCounts();
    expect(await documentVectors(documents)).toEqual(documents.map((texts) => documentVector(...texts)));
    const after = segmentationCounts();
    expect(after.inThread - before.inThread).toBe(documents.length);
    expect(after.onWorker).toBe(before.onWorker);
  });

  it('segments on the calling thread, with the same result, when the worker fails to load, answers nonsense, never answers or exits', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wz-segment-'));
    const broken = path.join(dir, 'broken.js');
    writeFileSync(broken, "throw new Error('this worker cannot start');\n");
    const wrong = path.join(dir, 'wrong.js');
    writeFileSync(
      wrong,
      "const { parentPort } = require('node:worker_threads');\nparentPort.on('message', (m) => parentPort.postMessage({ id: m.id, vectors: m.documents.map(() => 42) }));\n",
    );
    const silent = path.join(dir, 'silent.js');
    writeFileSync(silent, "require('node:worker_threads').parentPort.on('message', () => undefined);\n");
    const dies = path.join(dir, 'dies.js');
    writeFileSync(dies, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
    const documents = caseDocuments(40);
    try {
      for (const file of [broken, wrong, silent, dies]) {
        await useSegmentWorker(file, { answerWithinMs: 1_000 });
        const before = segmentationCounts();
        expect(await documentVectors(documents)).toEqual(documents.map((texts) => documentVector(...texts)));
        const after = segmentationCounts();
        expect(after.workerFailures - before.workerFailures).toBe(1);
        expect(after.inThread - before.inThread).toBe(documents.length);
        expect(after.onWorker).toBe(before.onWorker);
        // Nor is a new worker tried for the next batch right after (each would load jieba's dictionary to fail again).
        await documentVectors(documents);
        expect(segmentationCounts().workerFailures).toBe(after.workerFailures);
      }
    } finally {
      await useSegmentWorker(undefined);
    }
  });
});

describe('how long a page waits for a worker that never answers', () => {
  // The page that asked holds its transaction open while it waits: a hung worker held it 60 s, whatever the batch.
  afterAll(async () => useSegmentWorker(undefined));

  it('gives up after seconds, in proportion to the documents in flight, and segments the batch in-thread', async () => {
    expect(answerDeadlineMs(64)).toBe(5_320);
    expect(answerDeadlineMs(3 * 1_200)).toBe(23_000);
    const dir = mkdtempSync(path.join(tmpdir(), 'wz-segment-'));
    const silent = path.join(dir, 'silent.js');
    writeFileSync(silent, "require('node:worker_threads').parentPort.on('message', () => undefined);\n");
    const documents = caseDocuments(32);
    expect(documents.length).toBe(WORKER_MIN_DOCUMENTS);
    await useSegmentWorker(silent); // the default deadline, not a test's
    const before = segmentationCounts();
    const started = Date.now();
    expect(await documentVectors(documents)).toEqual(documents.map((texts) => documentVector(...texts)));
    const waited = Date.now() - started;
    expect(segmentationCounts().workerFailures - before.workerFailures).toBe(1);
    expect(waited).toBeGreaterThanOrEqual(answerDeadlineMs(documents.length) - 50);
    expect(waited).toBeLessThan(answerDeadlineMs(documents.length) + 5_000);
  });
});

describe('a rebuild of petition_views with its words segmented on the worker', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let codec: PetitionEventCodec;

  beforeAll(async () => {
    db = await createTestDatabase('wz_segment_worker');
    store = new PostgresEventStore({ pool: db.pool });
    await store.migrate();
    await ensureProjectorSchema(db.pool);
    codec = new PetitionEventCodec(new SubjectKeyStore(db.pool));
    await seedCases({ store, to: 150, encode: (e, id) => codec.encode(e, id) });
  });
  afterAll(async () => {
    await useSegmentWorker(undefined);
    await store.close();
    await db.drop();
  });

  /** Every search column of the four tables that hold one, by case. */
  const searchColumns = async () => {
    const read = async (table: string) =>
      (await db.pool.query<{ id: string; search: string | null }>(`select petition_id as id, search::text from wz_rm.${table} order by 1`))
        .rows;
    return {
      cases: await read('cases'),
      caseTerms: await read('case_terms'),
      publicPetitions: await read('public_petitions'),
      publicTerms: await read('public_terms'),
    };
  };
  const rebuild = () =>
    rebuildProjection(petitionViews, {
      pool: db.pool,
      store,
      decode: codec.projectionDecoder,
      prefetch: (events) => codec.prefetch(events),
    });

  it('writes the same words as one that segments on its own thread, and did use the worker', async () => {
    await useSegmentWorker(undefined);
    const before = segmentationCounts();
    expect((await rebuild()).swapped).toBe(true);
    expect(segmentationCounts().onWorker - before.onWorker).toBeGreaterThanOrEqual(150);
    const onWorker = await searchColumns();

    await useSegmentWorker(null);
    const inThreadBefore = segmentationCounts();
    expect((await rebuild()).swapped).toBe(true);
    expect(segmentationCounts().onWorker).toBe(inThreadBefore.onWorker);
    const inThread = await searchColumns();

    expect(onWorker.cases).toHaveLength(150);
    expect(onWorker.publicPetitions.length).toBeGreaterThan(50);
    expect(onWorker.cases.every((r) => r.search && r.search.length > 0)).toBe(true);
    expect(onWorker).toEqual(inThread);
  });
});

describe('a process that used the worker', () => {
  // The compiled segmenter (the jest global setup compiles dist/ first), in a process of its own
  // with nothing else to keep it alive: what a script or a test that projects a large batch is.
  const segmenter = path.resolve(__dirname, '..', '..', 'dist', 'libs', 'read-models', 'src', 'petition-views', 'segmenter.js');
  const run = (script: string) =>
    new Promise<{ code: number | null; out: string; ms: number }>((resolve) => {
      const started = Date.now();
      const child = execFile(process.execPath, ['-e', script], { timeout: 20_000 }, (_e, out) =>
        resolve({ code: child.exitCode, out: String(out), ms: Date.now() - started }),
      );
    });
  const documents = `Array.from({ length: 100 }, (_, i) => ['市民反映小区噪音' + i, '物业公司不管' + (i % 7)])`;

  it('exits on its own once its batch is answered, not when the idle worker ends 30 s later', async () => {
    const r = await run(`
      const s = require(${JSON.stringify(segmenter)});
      const { documentVector } = require(${JSON.stringify(segmenter.replace('segmenter.js', 'search-terms.js'))});
      const documents = ${documents};
      s.documentVectors(documents).then((v) => {
        const same = JSON.stringify(v) === JSON.stringify(documents.map((d) => documentVector(...d)));
        console.log(JSON.stringify({ same, counts: s.segmentationCounts() }));
      });`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ same: true, counts: { onWorker: 100, inThread: 0, workerFailures: 0 } });
    expect(r.ms).toBeLessThan(15_000);
  });

  it('answers every batch in flight when the worker dies among them, though nothing else keeps the process alive', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wz-segment-'));
    const dies = path.join(dir, 'dies-on-third.js');
    writeFileSync(
      dies,
      "const { parentPort } = require('node:worker_threads');\nlet n = 0;\n" +
        "parentPort.on('message', (m) => { if (++n === 3) process.exit(7); parentPort.postMessage({ id: m.id, vectors: m.documents.map(() => 'x') }); });\n",
    );
    const r = await run(`
      const s = require(${JSON.stringify(segmenter)});
      const { documentVector } = require(${JSON.stringify(segmenter.replace('segmenter.js', 'search-terms.js'))});
      s.useSegmentWorker(${JSON.stringify(dies)}).then(async () => {
        const documents = ${documents};
        const settled = await Promise.allSettled(Array.from({ length: 6 }, () => s.documentVectors(documents)));
        const expected = JSON.stringify(documents.map((d) => documentVector(...d)));
        console.log(JSON.stringify(settled.map((x) => x.status === 'fulfilled' && (JSON.stringify(x.value) === expected || x.value[0] === 'x'))));
      });`);
    expect(r.code).toBe(0);
    // Each batch answered: by the worker before it died (its own nonsense 'x', as this worker gives) or by the calling thread after.
    expect(JSON.parse(r.out)).toEqual([true, true, true, true, true, true]);
  });
});
