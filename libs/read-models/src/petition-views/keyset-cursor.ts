import { createHmac, timingSafeEqual } from 'node:crypto';

// An opaque page cursor: base64url(JSON of the last row's sort key) + '.' + a truncated HMAC.
// The sort key is public anyway (a date and a petition id), so the MAC is not a secret guard;
// it makes a tampered, truncated or made-up cursor a clean 400 instead of a query on garbage,
// and binds a cursor to the listing that issued it.

const KEY = 'wenzheng:keyset-cursor:v1';
const MAC_BYTES = 12;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3,6}Z$/;
const ID = /^[0-9A-Za-z-]{1,64}$/;

export interface KeysetPosition {
  /** The last row's sort instant, exactly as the database has it (microseconds, UTC). */
  readonly at: string;
  readonly id: string;
}

export class InvalidCursorError extends Error {}

const mac = (scope: string, body: string) => createHmac('sha256', KEY).update(`${scope}\n${body}`).digest().subarray(0, MAC_BYTES);

export function encodeCursor(scope: string, position: KeysetPosition): string {
  const body = Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
  return `${body}.${mac(scope, body).toString('base64url')}`;
}

/** The position a cursor of `scope` names; InvalidCursorError for anything else. */
export function decodeCursor(scope: string, cursor: string): KeysetPosition {
  const m = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{16})$/.exec(cursor);
  if (!m) throw new InvalidCursorError('malformed');
  const given = Buffer.from(m[2], 'base64url');
  if (given.length !== MAC_BYTES || !timingSafeEqual(given, mac(scope, m[1]))) throw new InvalidCursorError('checksum mismatch');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('malformed');
  }
  if (!Array.isArray(value) || value.length !== 2) throw new InvalidCursorError('malformed');
  const [at, id] = value as unknown[];
  if (typeof at !== 'string' || !INSTANT.test(at) || !onTheCalendar(at) || typeof id !== 'string' || !ID.test(id)) {
    throw new InvalidCursorError('malformed');
  }
  return { at, id };
}

/**
 * An instant PostgreSQL reads as written: Date.parse takes 2026-02-30 (as 2 March), 24:00 and the year 0,
 * which the database refuses (a 500 on a forged cursor), so the date and time must read back the same.
 */
function onTheCalendar(at: string): boolean {
  const ms = Date.parse(at);
  return !Number.isNaN(ms) && !at.startsWith('0000') && new Date(ms).toISOString().slice(0, 19) === at.slice(0, 19);
}

/** SQL text of a timestamptz column as the cursor keeps it: UTC with microseconds, so the keyset compares exactly. */
export const cursorInstantSql = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
