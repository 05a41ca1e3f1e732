import { createHash } from 'node:crypto';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const canonicalize = require('canonicalize') as (v: unknown) => string | undefined;

/**
 * The integrity chain (全程留痕): each event's metadata carries
 * hash = sha256(previous event's hash + canonical JSON (RFC 8785) of {type, data, metadata without hash}).
 * The first event of a stream chains from the empty string. Editing or deleting any stored event
 * breaks every later link, so verify finds the first broken one.
 */
export const GENESIS_HASH = '';

export function chainHash(previousHash: string, event: { type: string; data: unknown; metadata: Record<string, unknown> }): string {
  const { hash: _ignored, ...metadata } = event.metadata;
  const canonical = canonicalize({ type: event.type, data: event.data, metadata }) ?? '';
  return createHash('sha256').update(previousHash).update(canonical).digest('hex');
}

/**
 * The events of one append, linked into the stream's chain: each gets `metadata.hash` over its
 * stored form, starting from the stream's last hash (GENESIS_HASH for a new stream).
 */
export function chainLinks(
  previousHash: string,
  events: ReadonlyArray<{ id: string; type: string; data: unknown; metadata: Record<string, unknown> }>,
): Array<{ id: string; type: string; data: unknown; metadata: Record<string, unknown> }> {
  let previous = previousHash;
  return events.map((e) => {
    const metadata = { ...e.metadata, hash: chainHash(previous, e) };
    previous = metadata.hash;
    return { ...e, metadata };
  });
}

export interface ChainBreak {
  readonly streamId: string;
  readonly revision: bigint;
  readonly eventId: string;
  readonly reason: 'hash_mismatch' | 'missing_hash' | 'revision_gap';
}

/** Walks one stream's events in order and names the first broken link, if any. */
export function verifyChain(
  streamId: string,
  events: ReadonlyArray<{ revision: bigint; id: string; type: string; data: unknown; metadata: Record<string, unknown> }>,
): ChainBreak | undefined {
  let previous = GENESIS_HASH;
  let expectedRevision: bigint | undefined;
  for (const e of events) {
    if (expectedRevision !== undefined && e.revision !== expectedRevision) {
      return { streamId, revision: expectedRevision, eventId: e.id, reason: 'revision_gap' };
    }
    const stored = e.metadata.hash;
    if (typeof stored !== 'string') return { streamId, revision: e.revision, eventId: e.id, reason: 'missing_hash' };
    if (chainHash(previous, e) !== stored) return { streamId, revision: e.revision, eventId: e.id, reason: 'hash_mismatch' };
    previous = stored;
    expectedRevision = e.revision + 1n;
  }
  return undefined;
}
