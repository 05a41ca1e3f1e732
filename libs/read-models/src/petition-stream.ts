import { PetitionEvent, STREAM_PREFIX } from '@wenzheng/petition';
import { Handlers, ProjectedEvent, byType } from '@wenzheng/projector';
import type { PlatformEventType } from '@wenzheng/platform-events';

// What every projection of petition streams shares: the key of a stream's row, the events a
// stream holds, and how a projection reads the loosely typed values of stored data (a value an
// older or a hand-written event lacks is null, never an exception).

/** Events in a petition's stream outside the decider's union (@wenzheng/platform-events), data as stored. */
export type PlatformEvent = Readonly<{ type: PlatformEventType; data: unknown }>;
export type PetitionStreamEvent = PetitionEvent | PlatformEvent;

/** One handler per event a petition stream holds: a projection of these names every one of them. */
export type PetitionHandlers<State, Context> = Handlers<PetitionStreamEvent, State, Context>;

/** Dispatches a petition stream's event to its handler; the handlers must name every event type. */
export const byPetitionEvent = <State, Context>(handlers: PetitionHandlers<State, Context>) =>
  byType<PetitionStreamEvent, State, Context>(handlers);

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A non-empty string, else null. */
export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Digits of a canonical instant and the largest value each may take in this quick check. */
const INSTANT_DIGITS: ReadonlyArray<readonly [index: number, max: number]> = [
  [0, 99],
  [2, 99],
  [5, 12],
  [8, 28],
  [11, 23],
  [14, 59],
  [17, 59],
];

/**
 * A canonical instant every calendar has (days up to the 28th), read without a RegExp or
 * Date.parse: iso() is called for several fields of each event by every projection. Anything
 * else (the 29th to the 31st among them) takes the full check.
 */
function plainlyCanonical(v: string): boolean {
  if (v.length !== 24 || v.charCodeAt(23) !== 90 /* Z */ || v.charCodeAt(10) !== 84 /* T */) return false;
  if (v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58 || v.charCodeAt(19) !== 46)
    return false;
  for (const [i, max] of INSTANT_DIGITS) {
    const hi = v.charCodeAt(i) - 48;
    const lo = v.charCodeAt(i + 1) - 48;
    if (hi < 0 || hi > 9 || lo < 0 || lo > 9 || hi * 10 + lo > max) return false;
  }
  for (let i = 20; i < 23; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
  }
  return (v.charCodeAt(5) !== 48 || v.charCodeAt(6) !== 48) && (v.charCodeAt(8) !== 48 || v.charCodeAt(9) !== 48);
}

/** An instant in canonical UTC form (toISOString), or null when the value is none. */
export const iso = (v: unknown): string | null => {
  // The decider writes toISOString() output; formatting it again costs a rebuild time per value.
  if (typeof v === 'string' && (plainlyCanonical(v) || (CANONICAL_INSTANT.test(v) && Number.isFinite(Date.parse(v))))) return v;
  const ms = typeof v === 'string' ? Date.parse(v) : v instanceof Date ? v.getTime() : NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
};

/** Whether two values name the same instant. */
export const sameInstant = (a: string | null, b: unknown): boolean =>
  a !== null && typeof b === 'string' && Date.parse(a) === Date.parse(b);

/** When the event happened: its data's `at`, else when it was stored. */
export const occurredAt = (e: { readonly data?: unknown; readonly recorded: { readonly created: Date } }): string =>
  iso((e.data as { at?: unknown } | null | undefined)?.at) ?? e.recorded.created.toISOString();

/**
 * The petition a stored event belongs to. The stream names it (revisions, and so the idempotency
 * guard, are per stream); petition ids are UUIDs (the API refuses anything else) and a stream
 * that breaks this is not projected.
 */
export const petitionIdOf = (e: ProjectedEvent): string | null => {
  const { streamId } = e.recorded;
  if (!streamId.startsWith(STREAM_PREFIX)) return petitionIdIn(str((e.data as { petitionId?: unknown } | null)?.petitionId));
  // Six projections ask this of each event, and a stream's events lie together in the log.
  if (streamId !== lastStream.streamId) lastStream = { streamId, petitionId: petitionIdIn(streamId.slice(STREAM_PREFIX.length)) };
  return lastStream.petitionId;
};

let lastStream: { readonly streamId: string; readonly petitionId: string | null } = { streamId: '', petitionId: null };

const petitionIdIn = (id: string | null): string | null => (id !== null && UUID.test(id) ? id.toLowerCase() : null);

/**
 * A decoded event as the union it belongs to (data never null, so a handler can read its fields):
 * the decoded event itself when it has data (its `recorded` beside type and data is not read),
 * so no copy is made per event and projection.
 */
export const petitionEventOf = (e: ProjectedEvent): PetitionStreamEvent =>
  (e.data !== null && e.data !== undefined ? e : { type: e.type, data: {} }) as PetitionStreamEvent;
