import { randomFillSync } from 'node:crypto';

/**
 * A new id for an event, a command or a new stream (a case, a survey response…): a version-7
 * UUID (RFC 9562), its first 48 bits the time in milliseconds, the other 74 (version and variant
 * aside) random for every id. Ids made in later milliseconds sort after earlier ones, so every
 * B-tree keyed on them alone (the read models' primary keys by event or case, the outbox's keys)
 * takes new entries at its right edge, on pages already in memory, instead of on a random page of an
 * index that grows with the log (at 1,000,000 cases a random page is rarely cached, and with
 * full_page_writes on each first touch after a checkpoint writes the whole page to the WAL); an index
 * led by a stream (the log's `(stream_id, event_id)`) gains only where the stream is new.
 *
 * Written here rather than taken from the uuid package: the version the tree can hold (10, emmett's
 * peer) numbers the ids of a process with one counter seeded once, so two public ids (a case's, a
 * comment's) would tell how many ids the process made between them, the confidential cases'
 * included. Here nothing but the time is shared between two ids; within one millisecond their order
 * is random, which the indexes do not mind. The time an id carries is when it was made, which the
 * event's metadata and a case's public submittedAt say anyway. Ids already stored (v4) stay valid;
 * every reader accepts any UUID version.
 */
export function newId(): string {
  const b = take16();
  b.writeUIntBE(Date.now(), 0, 6);
  b[6] = 0x70 | (b[6] & 0x0f); // version 7
  b[8] = 0x80 | (b[8] & 0x3f); // variant 10
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// Random bytes are drawn 4 KiB at a time (as node's randomUUID caches its entropy), each used once.
const POOL = 4096;
let pool = Buffer.alloc(0);
let at = POOL;

function take16(): Buffer {
  if (at + 16 > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL));
    at = 0;
  }
  const out = Buffer.from(pool.subarray(at, at + 16));
  at += 16;
  return out;
}
