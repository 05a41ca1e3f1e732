import type { PoolClient } from 'pg';
import type { RecordedEvent, SubscriptionFilter } from '@wenzheng/event-store';
import type { HandleContext, ProjectedEvent, Projection, TableNames } from './projection';

// One row per stream (a petition), folded from that stream's events: the shape of Emmett's
// pongoSingleStreamProjection({ collectionName, evolve, canHandle }) on PostgreSQL rows. The
// skeleton owns what every such projection used to write by hand: grouping a batch by key,
// loading each key's row once, revision order, skipping an event already applied (a replay or a
// rebuild), and handing the changed rows to one batched write. A projection says only what an
// event does to its row (`evolve`) and how its rows are stored (`load`, `save`).

/** What a row remembers so that an event applied once is never applied again. */
export interface Revisioned {
  /** The stream revision of the last event applied; -1 for a row no event has reached yet. */
  lastRevision: number;
}

export interface EventContext<Out = never> {
  /** The row's key (the stream's entity id). */
  readonly key: string;
  readonly revision: number;
  readonly recorded: RecordedEvent;
  /** Rows for tables other than the per-stream one (a message, a published step, a fact), in event order. */
  emit(out: Out): void;
  /**
   * True when the row passed in is what evolve returned for an earlier event of this batch (not the
   * stored row, nor shared with it): evolve may then change it in place instead of copying it.
   */
  readonly ownsRow?: boolean;
  /** A rebuild's HandleContext.keptSince: rows kept only for a while need not be made for events before it. */
  readonly keptSince?: Date;
}

/**
 * What one event does to a row: the row after it (a new object when anything changed: the row
 * passed in is the stored one and is compared with the result), or null when the event does not
 * apply (no row exists for it to change). The skeleton records the event's revision on the result.
 */
export type Evolve<Row, E, Out = never> = (row: Row | null, event: E, context: EventContext<Out>) => Row | null;

/**
 * One handler per event type: the record type requires every type of the union, so a new event
 * type does not compile until each projection says what it does with it, even "nothing" (`unchanged`).
 */
export type Handlers<E extends { readonly type: string }, State, Context = EventContext<never>> = {
  readonly [K in E['type']]: (state: State, event: Extract<E, { readonly type: K }>, context: Context) => State;
};

/** The handler for an event that changes nothing in this projection. */
export const unchanged = <State>(state: State): State => state;

/**
 * Dispatches on the event's type. A type the handlers do not know (a newer contract read by older
 * code) changes nothing.
 */
export function byType<E extends { readonly type: string }, State, Context>(
  handlers: Handlers<E, State, Context>,
): (state: State, event: E, context: Context) => State {
  const table = handlers as unknown as Record<string, ((state: State, event: E, context: Context) => State) | undefined>;
  return (state, event, context) => {
    const handle = Object.hasOwn(table, event.type) ? table[event.type] : undefined;
    return handle ? handle(state, event, context) : state;
  };
}

/** A key's row before and after a batch, and what its events emitted; only keys with an applied event. */
export interface RowChange<Row, Out = never> {
  readonly key: string;
  /** As loaded at the start of the batch (never changed by evolve). */
  readonly loaded: Row | null;
  readonly row: Row;
  readonly emitted: readonly Out[];
}

export interface SingleStreamRowProjectionOptions<Row extends Revisioned, E, Out = never> {
  readonly name: string;
  readonly version: number;
  readonly tables: readonly string[];
  readonly filter?: SubscriptionFilter;
  /** See Projection.warm. */
  readonly warm?: readonly string[];
  /** See Projection.bulkLoad. */
  readonly bulkLoad?: Projection['bulkLoad'];
  createTables(client: PoolClient, names: TableNames): Promise<void>;
  /** The key of the row an event belongs to, or null for an event this projection skips. */
  keyOf(event: ProjectedEvent): string | null;
  /** The typed event the decoded one is (default: its type and data). */
  eventOf?(event: ProjectedEvent): E;
  readonly evolve: Evolve<Row, E, Out>;
  /** The stored rows of these keys (one query per batch). */
  load(client: PoolClient, keys: readonly string[], names: TableNames): Promise<ReadonlyMap<string, Row>>;
  /** Writes the changed rows and what they emitted, inside the batch's transaction (`context`: see Projection.handle). */
  save(client: PoolClient, changes: readonly RowChange<Row, Out>[], names: TableNames, context?: HandleContext): Promise<void>;
}

const byRevision = (a: ProjectedEvent, b: ProjectedEvent) =>
  a.recorded.revision < b.recorded.revision ? -1 : a.recorded.revision > b.recorded.revision ? 1 : 0;

type KeyOf = (event: ProjectedEvent) => string | null;

/** Groupings already made, by the batch and the key function: a rebuild's six petition projections share one. */
const groupings = new WeakMap<readonly ProjectedEvent[], Map<KeyOf, ReadonlyMap<string, ProjectedEvent[]>>>();

/** The batch's events by key, in batch order (shared, read only but for sorting into revision order). */
function groupByKey(events: readonly ProjectedEvent[], keyOf: KeyOf): ReadonlyMap<string, ProjectedEvent[]> {
  let byKeyOf = groupings.get(events);
  const known = byKeyOf?.get(keyOf);
  if (known) return known;
  const byKey = new Map<string, ProjectedEvent[]>();
  for (const e of events) {
    const key = keyOf(e);
    if (key === null) continue;
    const list = byKey.get(key);
    if (list) list.push(e);
    else byKey.set(key, [e]);
  }
  if (!byKeyOf) groupings.set(events, (byKeyOf = new Map()));
  byKeyOf.set(keyOf, byKey);
  return byKey;
}

function inRevisionOrder(list: readonly ProjectedEvent[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1].recorded.revision > list[i].recorded.revision) return false;
  return true;
}

/**
 * Folds a batch into rows: groups the events by key, loads the keys' rows once, applies each
 * key's events in revision order and skips those applied before. `handle` then saves the result.
 */
export async function foldBatch<Row extends Revisioned, E, Out>(
  options: Pick<SingleStreamRowProjectionOptions<Row, E, Out>, 'keyOf' | 'eventOf' | 'evolve'>,
  events: readonly ProjectedEvent[],
  load: (keys: readonly string[]) => Promise<ReadonlyMap<string, Row>>,
  handleContext?: HandleContext,
): Promise<RowChange<Row, Out>[]> {
  const byKey = groupByKey(events, options.keyOf);
  if (!byKey.size) return [];
  const loaded = await load([...byKey.keys()]);
  const eventOf = options.eventOf ?? ((e: ProjectedEvent) => ({ type: e.type, data: e.data }) as E);
  const changes: RowChange<Row, Out>[] = [];
  for (const [key, list] of byKey) {
    // A stream's events arrive in revision order, but a batch assembled by hand might not.
    if (list.length > 1 && !inRevisionOrder(list)) list.sort(byRevision);
    const before = loaded.get(key) ?? null;
    let row = before;
    const emitted: Out[] = [];
    // One context per key, moved along its events (evolve reads it while it runs, never keeps it).
    const context: { key: string; revision: number; recorded: RecordedEvent; emit(out: Out): void; ownsRow: boolean; keptSince?: Date } = {
      key,
      revision: -1,
      recorded: list[0].recorded,
      emit: (out) => void emitted.push(out),
      ownsRow: false,
      keptSince: handleContext?.keptSince,
    };
    for (const stored of list) {
      const revision = Number(stored.recorded.revision);
      if (row !== null && revision <= row.lastRevision) continue; // applied before
      context.revision = revision;
      context.recorded = stored.recorded;
      const next = options.evolve(row, eventOf(stored), context);
      if (next === null) continue;
      // The loaded row stays as loaded: a shallow copy of it shares its parts, so is not owned.
      context.ownsRow = next !== before;
      row = next === before ? { ...next } : next;
      row.lastRevision = revision;
    }
    if (row !== null && row !== before) changes.push({ key, loaded: before, row, emitted });
  }
  return changes;
}

/**
 * For upsertNewer's `isNew`, rows in the order of `changes`: those whose key had no stored row
 * when the batch was loaded (a rebuild sends them to its fresh tables with COPY).
 */
export const notStoredBefore =
  (changes: readonly RowChange<unknown, unknown>[]) =>
  (_row: unknown, index: number): boolean =>
    changes[index].loaded === null;

/** A projection of one row per stream key; see the file's head. */
export function singleStreamRowProjection<Row extends Revisioned, E, Out = never>(
  options: SingleStreamRowProjectionOptions<Row, E, Out>,
): Projection {
  return {
    name: options.name,
    version: options.version,
    tables: options.tables,
    filter: options.filter,
    ...(options.warm && { warm: options.warm }),
    ...(options.bulkLoad && { bulkLoad: options.bulkLoad }),
    createTables: (client, names) => options.createTables(client, names),
    async handle(client, events, names, context) {
      const changes = await foldBatch(options, events, (keys) => options.load(client, keys, names), context);
      if (changes.length) await options.save(client, changes, names, context);
    },
  };
}
