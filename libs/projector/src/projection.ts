import type { PoolClient } from 'pg';
import type { RecordedEvent, SubscriptionFilter } from '@wenzheng/event-store';

/** A stored event with its data decoded (personal data decrypted, or marked erased). */
export interface ProjectedEvent<Data = unknown> {
  readonly type: string;
  readonly data: Data;
  readonly recorded: RecordedEvent;
}

/** Physical names of a projection's tables: the live ones, or the fresh ones a rebuild fills. */
export type TableNames = Readonly<Record<string, string>>;

/** What a rebuild tells the projections it feeds; the live projector tells them nothing. */
export interface HandleContext {
  /**
   * Rows a projection keeps only for a while (the notification outbox's, until the SMS sender can
   * no longer take them) are not written for events before this instant; undefined: all are.
   */
  readonly keptSince?: Date;
}

/**
 * A read model: a pure-ish function of events into PostgreSQL rows. `handle` gets a batch and a
 * client inside the transaction that also moves the projection's checkpoint, so a batch is
 * applied exactly once; handlers must still be idempotent per event (a rebuild replays).
 */
export interface Projection {
  /** Stable name: the checkpoint's key. */
  readonly name: string;
  /** Bump when the rows' shape or meaning changes: the projector then leaves the old tables alone until `npm run rebuild -- <name>`. */
  readonly version: number;
  /** Logical table names this projection owns (physical names are `wz_rm.<name>` live). */
  readonly tables: readonly string[];
  readonly filter?: SubscriptionFilter;
  /**
   * Logical tables (of `tables`) a rebuild loads into memory with their indexes once it has swapped
   * them in (warmTables): those a heavy read goes through right after (the one-year report's facts).
   */
  readonly warm?: readonly string[];
  /**
   * A rebuild's bulk load into its fresh tables: `before` runs once on them before any event is
   * written (in the transaction that creates them), `after` once every page is in, before they are
   * vacuumed, indexed and caught up under the lock. E.g. counts a trigger keeps row by row, switched
   * off for the load, then made in one statement and the trigger switched on for the catch-up.
   */
  readonly bulkLoad?: {
    before(client: PoolClient, names: TableNames): Promise<void>;
    after(client: PoolClient, names: TableNames): Promise<void>;
  };
  /** Creates the tables (if missing) under the given physical names, with their indexes. */
  createTables(client: PoolClient, names: TableNames): Promise<void>;
  handle(client: PoolClient, events: readonly ProjectedEvent[], names: TableNames, context?: HandleContext): Promise<void>;
}

export const READ_MODEL_SCHEMA = 'wz_rm';

export function liveTables(p: Projection): TableNames {
  return Object.fromEntries(p.tables.map((t) => [t, `${READ_MODEL_SCHEMA}.${t}`]));
}

const REBUILD_SUFFIX = '__rebuild';

export function rebuildTables(p: Projection): TableNames {
  return Object.fromEntries(p.tables.map((t) => [t, `${READ_MODEL_SCHEMA}.${t}${REBUILD_SUFFIX}`]));
}

/**
 * A fresh table a rebuild fills: it gets each event once (the rebuild checkpoint moves in the
 * same transaction as the rows, and a resumed or catching-up run starts after it).
 */
export const isRebuildTable = (table: string): boolean => table.endsWith(REBUILD_SUFFIX);
