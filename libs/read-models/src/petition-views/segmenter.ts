import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { documentVector } from './search-terms';

/** One document's texts (title, content, answer…), as documentVector takes them. */
export type DocumentTexts = ReadonlyArray<string | null | undefined>;

/**
 * A batch with at least this many documents is segmented on a worker thread: a rebuild's page
 * (some 700 new cases and their public rows in 5,000 events) or a catch-up's. Fewer (the live
 * projector's pages under load: a few dozen) stay on the calling thread, where a worker's round
 * trip would cost more than it saves.
 */
export const WORKER_MIN_DOCUMENTS = 64;

/** How long the worker (and its own copy of jieba's dictionary, some 50 MB) stays once idle. */
const WORKER_IDLE_MS = 30_000;
/**
 * A batch takes tens of milliseconds (some 40 µs a document); one not answered within
 * answerDeadlineMs ends the worker and is segmented in-thread instead. Meanwhile the page that
 * asked holds its transaction open, so the deadline is as short as a slow machine allows: 5 s, plus
 * 5 ms (a hundred times a document's work) for each document in flight on the worker, this
 * batch's and those queued ahead of it (batches are answered in order). A rebuild's page of some
 * 1,200 documents with two more pages queued: about 23 s; before, 60 s whatever the batch.
 */
const ANSWER_BASE_MS = 5_000;
const ANSWER_PER_DOCUMENT_MS = 5;
export function answerDeadlineMs(documentsInFlight: number): number {
  return ANSWER_BASE_MS + ANSWER_PER_DOCUMENT_MS * documentsInFlight;
}
/** After a worker failed, batches stay on the calling thread this long before a new worker is tried. */
const RETRY_AFTER_MS = 60_000;

const counts = { onWorker: 0, inThread: 0, workerFailures: 0 };

/**
 * The worker's file: compiled beside this one, or (run from the TypeScript sources, as the tests
 * are) the one scripts/compile.js wrote under dist/. Undefined: none found, everything in-thread.
 */
function defaultWorkerFile(): string | undefined {
  const beside = path.join(__dirname, 'segment-worker.js');
  if (existsSync(beside)) return beside;
  const compiled = path.resolve(
    __dirname,
    '..',
    '..',
    '..',
    '..',
    'dist',
    'libs',
    'read-models',
    'src',
    'petition-views',
    'segment-worker.js',
  );
  return existsSync(compiled) ? compiled : undefined;
}

type Waiting = { resolve: (vectors: unknown) => void; reject: (e: Error) => void };

/**
 * One worker thread, started on the first large batch and ended after WORKER_IDLE_MS without one
 * (unref'd while no batch is in flight: an idle worker never keeps a process alive, and a batch in
 * flight does until it is answered or the worker is gone). Batches are answered in order, by id. A
 * worker that fails to load, throws or exits rejects whatever it had and is replaced on the next
 * batch. (Hand-written rather than piscina's pool: piscina's tasks never settled under Jest's
 * environment, where the tests run this.)
 */
class SegmentWorker {
  private readonly waiting = new Map<number, Waiting>();
  private next = 0;
  /** Documents sent and not yet answered: a batch waits for those ahead of it. */
  private documentsInFlight = 0;
  private idle: NodeJS.Timeout | undefined;
  private ended = false;

  constructor(
    private readonly worker: Worker,
    /** A fixed deadline a batch (tests); undefined: answerDeadlineMs. */
    private readonly answerWithinMs: number | undefined,
    private readonly onEnd: () => void,
  ) {
    worker.on('message', (m: { id: number; vectors: unknown }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      w?.resolve(m.vectors);
      if (!this.waiting.size) {
        this.worker.unref();
        this.idleAfter();
      }
    });
    worker.on('error', (e) => this.end(e));
    worker.on('exit', (code) => this.end(new Error(`the segmenting worker exited (${code})`)));
    // After the listeners: adding a 'message' listener refs the worker's port again.
    worker.unref();
  }

  run(documents: readonly DocumentTexts[]): Promise<unknown> {
    if (this.ended) return Promise.reject(new Error('the segmenting worker has ended'));
    clearTimeout(this.idle);
    const id = this.next++;
    this.documentsInFlight += documents.length;
    return new Promise((resolve, reject) => {
      const late = setTimeout(() => void this.terminate(), this.answerWithinMs ?? answerDeadlineMs(this.documentsInFlight));
      late.unref();
      const settled = (f: () => void) => {
        clearTimeout(late);
        this.documentsInFlight -= documents.length;
        f();
      };
      this.waiting.set(id, { resolve: (v) => settled(() => resolve(v)), reject: (e) => settled(() => reject(e)) });
      this.worker.ref(); // a batch in flight keeps the process alive until it is answered or the worker is gone
      this.worker.postMessage({ id, documents });
    });
  }

  async terminate(): Promise<void> {
    this.end(new Error('the segmenting worker was stopped'));
    await this.worker.terminate();
  }

  private idleAfter(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => void this.terminate(), WORKER_IDLE_MS);
    this.idle.unref();
  }

  private end(e: Error): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.idle);
    this.onEnd();
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }
}

let workerFile: string | null | undefined;
let answerWithinMs: number | undefined;
let current: SegmentWorker | undefined;
let failedAt = -Infinity;

function segmentWorker(): SegmentWorker | undefined {
  if (workerFile === undefined) workerFile = defaultWorkerFile() ?? null;
  if (!workerFile || Date.now() - failedAt < RETRY_AFTER_MS) return undefined;
  if (!current) {
    const started: SegmentWorker = new SegmentWorker(new Worker(workerFile), answerWithinMs, () => {
      if (current === started) current = undefined;
    });
    current = started;
  }
  return current;
}

/**
 * Each document's tsvector literal (documentVector), the same whichever thread made it. A large
 * batch is segmented on a worker thread, so that jieba (about a tenth of a rebuild's main thread)
 * runs beside the folds and the COPY text of the other projections instead of between them;
 * should the worker fail, the batch is segmented here instead.
 */
export async function documentVectors(documents: readonly DocumentTexts[]): Promise<string[]> {
  if (documents.length >= WORKER_MIN_DOCUMENTS) {
    const worker = segmentWorker();
    if (worker) {
      try {
        const vectors = await worker.run(documents);
        if (Array.isArray(vectors) && vectors.length === documents.length && vectors.every((v) => typeof v === 'string')) {
          counts.onWorker += documents.length;
          return vectors as string[];
        }
        // Answered, but not with a vector a document: not a worker to keep.
        await worker.terminate();
      } catch {
        // The worker could not start, threw or died: this thread does the work, as for a small batch.
      }
      counts.workerFailures++;
      failedAt = Date.now();
    }
  }
  counts.inThread += documents.length;
  return documents.map((texts) => documentVector(...texts));
}

/** Documents segmented so far on the worker and in the calling thread, and the worker's failures (tests, metrics). */
export function segmentationCounts(): Readonly<typeof counts> {
  return { ...counts };
}

/**
 * Tests and tools: the worker's file from now on (null: no worker, every batch in-thread;
 * undefined: the default), and how long a batch may take on it (undefined: answerDeadlineMs). The
 * current worker is stopped.
 */
export async function useSegmentWorker(file: string | null | undefined, options: { answerWithinMs?: number } = {}): Promise<void> {
  const old = current;
  current = undefined;
  workerFile = file;
  answerWithinMs = options.answerWithinMs;
  failedAt = -Infinity;
  await old?.terminate();
}
