import { v7 } from 'uuid';

/**
 * A new id for an event, a command or a new stream (a case, a survey's response…): a version-7
 * UUID (RFC 9562), its first 48 bits the time in milliseconds, then 74 random bits. Ids made
 * one after another sort one after another, so every B-tree keyed on them (the log's
 * `(stream_id, event_id)`, the read models' primary keys, the outbox's keys) takes new entries
 * at its right edge, on pages already in memory, instead of on a random page of an index that
 * grows with the log (at 1,000,000 cases a random page is rarely cached, and with
 * full_page_writes on each first touch after a checkpoint writes the whole page to the WAL).
 * The time it carries is when the id was made, which every event's metadata says anyway; the
 * random part is no less unguessable for anything that relies on it (nothing does: a case is
 * reached with its access key or a token, never by knowing its id). Ids already stored (v4) stay
 * valid; every reader accepts any UUID version.
 */
export const newId = (): string => v7();
