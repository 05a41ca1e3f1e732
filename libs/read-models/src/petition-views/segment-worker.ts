import { parentPort } from 'node:worker_threads';
import { documentVector } from './search-terms';
import type { DocumentTexts } from './segmenter';

/** The worker thread's task (segmenter.ts): each document's tsvector literal, as documentVector makes it. */
export function segmentDocuments(documents: readonly DocumentTexts[]): string[] {
  return documents.map((texts) => documentVector(...texts));
}

// Loaded as a worker: answers each batch under its id.
parentPort?.on('message', (m: { id: number; documents: readonly DocumentTexts[] }) => {
  parentPort?.postMessage({ id: m.id, vectors: segmentDocuments(m.documents) });
});
