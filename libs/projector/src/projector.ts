import type { Pool, PoolClient } from 'pg';
import { EventStore, Position, RecordedEvent, SubscriptionMessage, comparePositions } from '@wenzheng/event-store';
import { readCheckpoint, recordFirstVersion, samePosition, writeCheckpoint, ensureProjectorSchema } from './checkpoints';
import { ProjectedEvent, Projection, TableNames, liveTables } from './projection';

export type Decoder = (recorded: RecordedEvent) => Promise<ProjectedEvent>;

export interface ProjectorOptions {
  readonly pool: Pool;
  readonly store: EventStore;
  readonly projections: readonly Projection[];
  readonly decode: Decoder;
  readonly batchSize?: number;
  /** A partial batch is written after this long without new events. */
  readonly maxBatchDelayMs?: number;
  readonly log?: (message: string) => void;
  /** Called after each committed batch (metrics). */
  readonly onBatch?: (projection: string, events: number, position: Position | undefined) => void;
  /** Tests: called inside the batch transaction after the rows were written, before the checkpoint. */
  readonly beforeCheckpoint?: (projection: string, batch: readonly ProjectedEvent[]) => void | Promise<void>;
  /** How often a projection waiting for its rebuild looks whether the rebuild has happened (default 2 s). */
  readonly versionRecheckMs?: number;
}

export interface ProjectionState {
  readonly name: string;
  readonly position: Position | undefined;
  readonly caughtUp: boolean;
  readonly running: boolean;
  readonly lastError?: string;
  /** Why this projection does not project until it is rebuilt (its tables are of another version). */
  readonly rebuildNeeded?: string;
}

/**
 * The checkpoint says the live tables were written by another version of the projection: rows of
 * the new meaning must not be mixed into them, so the projection waits for `npm run rebuild`.
 */
export class ProjectionVersionError extends Error {
  constructor(projection: Projection, stored: number) {
    super(
      `projection ${projection.name} is at version ${stored}, the code expects ${projection.version}: run \`npm run rebuild -- ${projection.name}\``,
    );
    this.name = 'ProjectionVersionError';
  }
}

/** The key PostgreSQL advisory lock of a projection: one writer at a time, and the rebuild swap. */
export const projectionLockKey = (name: string) => `wz_rm:${name}`;

/** Ensures a projection's live tables exist (created only when missing, so indexes keep their names). */
export async function ensureTables(client: PoolClient, projection: Projection, names: TableNames): Promise<void> {
  const missing = [];
  for (const physical of Object.values(names)) {
    const { rows } = await client.query(`select to_regclass($1) as t`, [physical]);
    if (!rows[0].t) missing.push(physical);
  }
  if (missing.length === Object.keys(names).length) await projection.createTables(client, names);
  else if (missing.length)
    throw new Error(`projection ${projection.name}: tables ${missing.join(', ')} are missing while others exist; rebuild it`);
}

/**
 * Runs every projection from its own checkpoint on the store's catch-up subscription. Each batch
 * and its checkpoint commit in one transaction; a compare-and-set on the checkpoint keeps two
 * projector processes from applying the same batch twice.
 */
export class Projector {
  private readonly states = new Map<string, ProjectionState>();
  private readonly loops: Promise<void>[] = [];
  private stopping = false;
  private readonly subs = new Set<{ close(): Promise<void> }>();
  private readonly waiters = new Set<() => void>();
  private readonly sleepers = new Set<() => void>();

  constructor(private readonly options: ProjectorOptions) {}

  get projections(): readonly Projection[] {
    return this.options.projections;
  }

  async prepare(): Promise<void> {
    await ensureProjectorSchema(this.options.pool);
    const client = await this.options.pool.connect();
    try {
      for (const p of this.options.projections) {
        await client.query('select pg_advisory_lock(hashtext($1))', [projectionLockKey(p.name)]);
        try {
          await ensureTables(client, p, liveTables(p));
          await recordFirstVersion(client, p.name, p.version);
        } finally {
          await client.query('select pg_advisory_unlock(hashtext($1))', [projectionLockKey(p.name)]);
        }
      }
    } finally {
      client.release();
    }
  }

  async start(): Promise<void> {
    await this.prepare();
    for (const p of this.options.projections) {
      this.states.set(p.name, { name: p.name, position: undefined, caughtUp: false, running: true });
      this.loops.push(this.run(p));
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    [...this.sleepers].forEach((wake) => wake());
    await Promise.all([...this.subs].map((s) => s.close()));
    await Promise.allSettled(this.loops);
  }

  status(): ProjectionState[] {
    return [...this.states.values()];
  }

  /** Resolves once every projection has processed the log up to `position` (or caught up). */
  async waitFor(position: Position | undefined, timeoutMs = 10_000): Promise<void> {
    const done = () =>
      this.options.projections.every((p) => {
        const s = this.states.get(p.name);
        if (!s) return false;
        if (!position) return s.caughtUp;
        return s.position !== undefined && comparePositions(s.position, position) >= 0;
      });
    const until = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > until)
        throw new Error(
          `projections did not reach ${position ? `${position.commit}/${position.prepare}` : 'the head'} within ${timeoutMs} ms`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.add(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  private notify() {
    const ws = [...this.waiters];
    this.waiters.clear();
    ws.forEach((w) => w());
  }

  /** Waits, or less when the projector stops. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  private async run(p: Projection): Promise<void> {
    let backoff = 100;
    let reported: string | undefined;
    while (!this.stopping) {
      const before = this.states.get(p.name)?.position;
      try {
        await this.follow(p);
        backoff = 100;
      } catch (e) {
        if (this.stopping) break;
        if (e instanceof ProjectionVersionError) {
          this.states.set(p.name, {
            ...(this.states.get(p.name) as ProjectionState),
            lastError: e.message,
            rebuildNeeded: e.message,
            caughtUp: false,
          });
          if (reported !== e.message) this.options.log?.(`${e.message}; not projecting it until then`);
          reported = e.message;
          await this.pause(this.options.versionRecheckMs ?? 2000);
          continue;
        }
        const after = this.states.get(p.name)?.position;
        if (after && (!before || comparePositions(after, before) > 0)) backoff = 100; // it was making progress
        const message = e instanceof Error ? e.message : String(e);
        this.states.set(p.name, { ...(this.states.get(p.name) as ProjectionState), lastError: message, caughtUp: false });
        this.options.log?.(`projection ${p.name} failed (${message}); restarting from its checkpoint in ${backoff} ms`);
        await this.pause(backoff);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
    this.states.set(p.name, { ...(this.states.get(p.name) as ProjectionState), running: false });
  }

  /** One subscription's life: from the stored checkpoint until an error, a lost race or stop. */
  private async follow(p: Projection): Promise<void> {
    const { pool, store, decode } = this.options;
    const batchSize = this.options.batchSize ?? 500;
    const maxDelay = this.options.maxBatchDelayMs ?? 20;
    const stored = await readCheckpoint(pool, p.name);
    if (stored && stored.version !== p.version) throw new ProjectionVersionError(p, stored.version);
    let committed = stored?.position;
    let caughtUp = false;
    this.states.set(p.name, { name: p.name, position: committed, caughtUp: false, running: true });
    const sub = store.subscribeToAll({ fromPosition: committed ?? 'start', filter: p.filter });
    this.subs.add(sub);
    const it = sub[Symbol.asyncIterator]();
    let pending: Promise<IteratorResult<SubscriptionMessage>> | undefined;
    let batch: ProjectedEvent[] = [];
    let seen: Position | undefined = committed;
    try {
      for (;;) {
        if (this.stopping) return;
        pending ??= it.next();
        const next = batch.length
          ? await Promise.race([pending, new Promise<'idle'>((r) => setTimeout(() => r('idle'), maxDelay))])
          : await pending;
        if (next !== 'idle') pending = undefined;
        let flush = next === 'idle';
        if (next !== 'idle') {
          if (next.done) return;
          const m = next.value;
          if (m.kind === 'event') {
            batch.push(await decode(m.event));
            seen = m.event.position;
            if (batch.length >= batchSize) flush = true;
          } else if (m.kind === 'checkpoint') {
            if (!seen || comparePositions(m.position, seen) > 0) seen = m.position;
            flush = true;
          } else {
            caughtUp = true;
            flush = true;
          }
        }
        if (flush && (batch.length || !samePosition(seen, committed))) {
          const ok = await this.commit(p, batch, committed, seen);
          if (!ok) return; // another process moved the checkpoint: start again from it
          committed = seen;
          batch = [];
        }
        this.states.set(p.name, { name: p.name, position: committed, caughtUp: caughtUp && batch.length === 0, running: true });
        this.notify();
      }
    } finally {
      this.subs.delete(sub);
      await sub.close();
    }
  }

  private async commit(
    p: Projection,
    batch: readonly ProjectedEvent[],
    from: Position | undefined,
    to: Position | undefined,
  ): Promise<boolean> {
    const client = await this.options.pool.connect();
    try {
      // One round trip for both (a simple query may hold several statements): every statement is
      // a loopback round trip, and the projector commits a batch per projection several times a second.
      await client.query(`begin; select pg_advisory_xact_lock(hashtext(${client.escapeLiteral(projectionLockKey(p.name))}))`);
      const current = await readCheckpoint(client, p.name, true);
      if (!samePosition(current?.position, from)) {
        await client.query('rollback');
        return false;
      }
      if (current && current.version !== p.version) throw new ProjectionVersionError(p, current.version);
      if (batch.length) await p.handle(client, batch, liveTables(p));
      await this.options.beforeCheckpoint?.(p.name, batch);
      await writeCheckpoint(client, p.name, p.version, to, batch.length, batch.at(-1)?.recorded.created);
      await client.query('commit');
      this.options.onBatch?.(p.name, batch.length, to);
      return true;
    } catch (e) {
      await client.query('rollback').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }
}
