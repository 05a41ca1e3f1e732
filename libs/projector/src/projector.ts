import type { Pool, PoolClient, QueryResult } from 'pg';
import { EventStore, Position, RecordedEvent, SubscriptionMessage, comparePositions, matchesFilter } from '@wenzheng/event-store';
import {
  advanceCheckpoints,
  ensureProjectorSchema,
  moveCheckpointSql,
  moveCheckpointsSql,
  readAllCheckpoints,
  readCheckpoint,
  recordFirstVersion,
  samePosition,
  writeCheckpoint,
} from './checkpoints';
import { ProjectedEvent, Projection, TableNames, liveTables } from './projection';

/**
 * An event as projections see it. May give it at once (no promise) when it needs nothing from
 * elsewhere: the projector and a rebuild decode every event, and awaiting each costs them.
 */
export type Decoder = (recorded: RecordedEvent) => ProjectedEvent | PromiseLike<ProjectedEvent>;

/**
 * A decoder's result awaited only when it is a promise: any thenable (one of another realm, as a
 * Node core promise is under Jest, or of a promise library), never only `instanceof Promise`.
 */
export function decodedNow(d: ProjectedEvent | PromiseLike<ProjectedEvent>): d is ProjectedEvent {
  return typeof (d as { then?: unknown }).then !== 'function';
}

export interface ProjectorOptions {
  readonly pool: Pool;
  readonly store: EventStore;
  readonly projections: readonly Projection[];
  readonly decode: Decoder;
  readonly batchSize?: number;
  /** A partial batch is written after this long without new events. */
  readonly maxBatchDelayMs?: number;
  /**
   * Under load, pages are handed to the projections at most this often (default 100 ms; the first
   * after a quiet spell at once): every page costs a transaction and a statement per projection with
   * events in it, so larger pages cost fewer statements per event.
   */
  readonly minPageIntervalMs?: number;
  readonly log?: (message: string) => void;
  /** Called after each committed batch (metrics). */
  readonly onBatch?: (projection: string, events: number, position: Position | undefined) => void;
  /** Tests: called inside the batch transaction after the rows were written, before the checkpoint. */
  readonly beforeCheckpoint?: (projection: string, batch: readonly ProjectedEvent[]) => void | Promise<void>;
  /** How often a projection waiting for its rebuild looks whether the rebuild has happened (default 2 s). */
  readonly versionRecheckMs?: number;
  /** Called with each page before its events are decoded (e.g. to load the keys of a page in one query). */
  readonly prefetch?: (events: readonly RecordedEvent[]) => Promise<void>;
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

/** A projection following the shared read of the log, at its own committed position. */
interface Member {
  readonly p: Projection;
  position: Position | undefined;
  /** Takes it out of the shared read: on a lost race (no error) it starts again from its checkpoint. */
  leave(error?: unknown): void;
}

/** A page's events decoded once for every projection that wants them; a failed decode fails only those projections. */
type Decoded = ReadonlyMap<RecordedEvent, ProjectedEvent | { readonly failed: unknown }>;

const after = (events: readonly RecordedEvent[], position: Position | undefined) =>
  position ? events.filter((e) => comparePositions(e.position, position) > 0) : events;
const atOrPast = (position: Position | undefined, target: Position | undefined) =>
  target === undefined || (position !== undefined && comparePositions(position, target) >= 0);

/**
 * Runs every projection on one read of the log: a single catch-up subscription reads each new page
 * once and hands it to every projection at that position. The rows of every projection with events
 * in the page and every checkpoint commit in one transaction (each projection's lock, one
 * compare-and-set of all the checkpoints so that two projector processes never apply the same
 * batch twice, one commit); when that fails, each projection writes the page in a transaction of
 * its own (as one behind the shared read always does), so a failing one holds none of the others.
 * A projection behind the shared read (a restart, a failure, a rebuild) reads the log on its own
 * until it reaches it, so neither a slow start nor a poison event holds the others.
 */
export class Projector {
  private readonly states = new Map<string, ProjectionState>();
  private readonly loops: Promise<void>[] = [];
  private stopping = false;
  private readonly subs = new Set<{ close(): Promise<void> }>();
  private readonly waiters = new Set<() => void>();
  private readonly sleepers = new Set<() => void>();
  private readonly members = new Set<Member>();
  /** The shared read has handed out every page up to here (undefined: it starts at the beginning of the log). */
  private cursor: Position | undefined;
  private feedCaughtUp = false;

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
    // The shared read starts where the furthest projection is: the others catch up to it on their own.
    const names = new Set(this.options.projections.map((p) => p.name));
    for (const c of await readAllCheckpoints(this.options.pool)) {
      if (names.has(c.name) && c.position && (!this.cursor || comparePositions(c.position, this.cursor) > 0)) this.cursor = c.position;
    }
    for (const p of this.options.projections)
      this.states.set(p.name, { name: p.name, position: undefined, caughtUp: false, running: true });
    this.loops.push(this.runFeed());
    for (const p of this.options.projections) this.loops.push(this.run(p));
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

  private setState(p: Projection, position: Position | undefined, caughtUp: boolean) {
    this.states.set(p.name, { name: p.name, position, caughtUp, running: true });
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

  /**
   * One projection's life from its stored checkpoint until an error, a lost race or stop: it reads
   * the log on its own up to the shared read, then follows that.
   */
  private async follow(p: Projection): Promise<void> {
    const stored = await readCheckpoint(this.options.pool, p.name);
    if (stored && stored.version !== p.version) throw new ProjectionVersionError(p, stored.version);
    let position = stored?.position;
    // The last failure stays in the state until the projection gets past where it failed (health reports it).
    const lastError = this.states.get(p.name)?.lastError;
    this.states.set(p.name, { name: p.name, position, caughtUp: false, running: true, ...(lastError ? { lastError } : {}) });
    const pageSize = this.options.batchSize ?? 500;
    while (!atOrPast(position, this.cursor)) {
      if (this.stopping) return;
      const raw = await this.options.store.readAll({ fromPosition: position ?? 'start', maxCount: pageSize + 1 });
      const events = after(raw, position).slice(0, pageSize);
      if (!events.length) {
        await this.pause(50); // the shared read has seen events this read does not see yet
        continue;
      }
      const end = events[events.length - 1].position;
      const ok = await this.apply(p, events, position, end, await this.decodeFor(events, [p]));
      if (!ok) return; // another process moved the checkpoint: start again from it
      position = end;
      this.setState(p, position, false);
      this.notify();
    }
    if (this.stopping) return;
    await new Promise<void>((resolve, reject) => {
      this.members.add({ p, position, leave: (error) => (error === undefined ? resolve() : reject(error)) });
      this.setState(p, position, this.feedCaughtUp);
      this.notify();
    });
  }

  private leave(m: Member, error?: unknown) {
    this.members.delete(m);
    m.leave(error);
  }

  /** The shared read of the log, restarted from where it was after a failure (its members restart from their checkpoints). */
  private async runFeed(): Promise<void> {
    let backoff = 100;
    while (!this.stopping) {
      try {
        await this.feed();
        backoff = 100;
        if (!this.stopping) await this.pause(backoff); // the subscription ended (a closed store): not in a busy loop
      } catch (e) {
        for (const m of [...this.members]) this.leave(m, e);
        if (this.stopping) break;
        this.options.log?.(`reading the log failed (${e instanceof Error ? e.message : String(e)}); again in ${backoff} ms`);
        await this.pause(backoff);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
    for (const m of [...this.members]) this.leave(m);
  }

  private async feed(): Promise<void> {
    const maxDelay = this.options.maxBatchDelayMs ?? 20;
    const minInterval = this.options.minPageIntervalMs ?? 100;
    const sub = this.options.store.subscribeToAll({ fromPosition: this.cursor ?? 'start' });
    this.subs.add(sub);
    const it = sub[Symbol.asyncIterator]();
    let pending: Promise<IteratorResult<SubscriptionMessage>> | undefined;
    let page: RecordedEvent[] = [];
    let lastDelivery = 0;
    // A page read soon after the last one is held for more until the interval is over.
    let held = false;
    const holdFor = () => lastDelivery + minInterval - Date.now();
    try {
      for (;;) {
        if (this.stopping) return;
        pending ??= it.next();
        // Engines that send no checkpoint after each read (EventStoreDB) get their page cut after a pause.
        const wait = held ? Math.max(0, holdFor()) : maxDelay;
        const next = page.length
          ? await Promise.race([pending, new Promise<'idle'>((r) => setTimeout(() => r('idle'), wait))])
          : await pending;
        if (next !== 'idle') pending = undefined;
        let end: Position | undefined;
        if (next === 'idle') end = page[page.length - 1].position;
        else if (next.done) return;
        else if (next.value.kind === 'event') {
          page.push(next.value.event);
          if (page.length >= 5000) end = next.value.event.position;
        } else if (next.value.kind === 'checkpoint') {
          held = page.length > 0 && holdFor() > 0;
          if (!held) end = next.value.position;
        } else {
          this.feedCaughtUp = true;
          end = page.length ? page[page.length - 1].position : undefined;
        }
        if (end && !atOrPast(this.cursor, end)) {
          // Members are those at the cursor before it moves: one that joins meanwhile is past the page.
          const members = [...this.members];
          this.cursor = end;
          await this.deliver(members, page, end);
          lastDelivery = Date.now();
        }
        if (end) {
          page = [];
          held = false;
        }
        for (const m of this.members) this.setState(m.p, m.position, this.feedCaughtUp && page.length === 0);
        this.notify();
      }
    } finally {
      this.subs.delete(sub);
      await sub.close();
    }
  }

  /**
   * One page to every member: the events of all those with events in it written in one transaction
   * (their locks, one compare-and-set of all the page's checkpoints, the quiet ones' too, their
   * rows, one commit). Should any of it fail (a poison event, a lost race), that transaction rolls
   * back and each writes the page in its own as before, so a failing projection is left alone.
   */
  private async deliver(members: readonly Member[], page: readonly RecordedEvent[], end: Position) {
    const busy: Member[] = [];
    const quiet: Member[] = [];
    for (const m of members) {
      if (atOrPast(m.position, end)) continue;
      const mine = after(page, m.position).some((e) => matchesFilter(m.p.filter, e));
      // A projection that never projected writes its first checkpoint in a transaction of its own.
      (mine || m.position === undefined ? busy : quiet).push(m);
    }
    const decoded = await this.decodeFor(
      page,
      busy.map((m) => m.p),
    );
    const batchSize = this.options.batchSize ?? 500;
    const grouped: { m: Member; batch: readonly ProjectedEvent[]; last: Date | undefined }[] = [];
    const alone: Member[] = [];
    for (const m of busy) {
      try {
        const { mine, last } = this.pick(m.p, page, m.position, decoded);
        // Never projected (its first checkpoint may be missing), or more than a batch: on its own.
        if (m.position === undefined || mine.length > batchSize) alone.push(m);
        else grouped.push({ m, batch: mine, last });
      } catch {
        alone.push(m); // an event it wants did not decode: it fails on its own
      }
    }
    const one = async (m: Member) => {
      try {
        if (await this.apply(m.p, page, m.position, end, decoded)) m.position = end;
        else this.leave(m);
      } catch (e) {
        this.leave(m, e);
      }
    };
    const together = async () => {
      if (grouped.length && (await this.commitPage(grouped, quiet, page, end))) return;
      await Promise.all([this.advanceQuiet(quiet, page, end), ...grouped.map(({ m }) => one(m))]);
    };
    await Promise.all([together(), ...alone.map(one)]);
  }

  /**
   * The page's events of several projections and every checkpoint in one transaction. False (all
   * rolled back) when it failed or a busy projection's checkpoint had moved: the caller then writes
   * the page per projection, where a failure stays with the projection that failed.
   */
  private async commitPage(
    grouped: readonly { m: Member; batch: readonly ProjectedEvent[]; last: Date | undefined }[],
    quiet: readonly Member[],
    page: readonly RecordedEvent[],
    end: Position,
  ): Promise<boolean> {
    const pageLast = page.length ? page[page.length - 1].created : undefined;
    let client: PoolClient;
    try {
      client = await this.options.pool.connect();
    } catch {
      return false; // each on its own, as before: a failure is then its own
    }
    try {
      const quote = (literal: string) => client.escapeLiteral(literal);
      // The locks in name order (a rebuild's swap takes them so), in one statement.
      const keys = grouped.map(({ m }) => projectionLockKey(m.p.name)).sort();
      const moves = [
        ...grouped.map(({ m, batch, last }) => ({
          name: m.p.name,
          version: m.p.version,
          from: m.position,
          processed: batch.length,
          lastEventAt: last,
        })),
        ...quiet.map((m) => ({ name: m.p.name, version: m.p.version, from: m.position, processed: 0, lastEventAt: pageLast })),
      ];
      const results = (await client.query(
        `begin; select pg_advisory_xact_lock(hashtext(k)) from (select k from unnest(array[${keys.map(quote).join(', ')}]::text[]) k order by k offset 0) s; ${moveCheckpointsSql(quote, moves, end)}`,
      )) as unknown as QueryResult<{ name: string }>[];
      const moved = new Set(results[2].rows.map((r) => r.name));
      if (!grouped.every(({ m }) => moved.has(m.p.name))) {
        await client.query('rollback');
        return false;
      }
      for (const { m, batch } of grouped) {
        if (batch.length) await m.p.handle(client, batch, liveTables(m.p));
        await this.options.beforeCheckpoint?.(m.p.name, batch);
      }
      // A statement that failed and whose error a projection caught leaves the transaction aborted: COMMIT then
      // rolls it all back without an error (the others' rows and checkpoints too), so each writes the page alone.
      if (((await client.query('commit')) as unknown as QueryResult).command !== 'COMMIT') return false;
      for (const { m, batch } of grouped) {
        m.position = end;
        this.options.onBatch?.(m.p.name, batch.length, end);
      }
      for (const m of quiet) {
        if (!moved.has(m.p.name)) this.leave(m);
        else {
          m.position = end;
          this.options.onBatch?.(m.p.name, 0, end);
        }
      }
      return true;
    } catch {
      await client.query('rollback').catch(() => undefined);
      return false;
    } finally {
      client.release();
    }
  }

  /** The checkpoints of projections that want none of the page's events, moved in one statement. */
  private async advanceQuiet(quiet: readonly Member[], page: readonly RecordedEvent[], end: Position): Promise<void> {
    if (!quiet.length) return;
    try {
      const last = page.length ? page[page.length - 1].created : undefined;
      const moved = await advanceCheckpoints(
        this.options.pool,
        quiet.map((m) => ({ name: m.p.name, version: m.p.version, from: m.position })),
        end,
        last,
      );
      for (const m of quiet) {
        if (!moved.has(m.p.name))
          this.leave(m); // moved by another process, a rebuild or a new version: read it again
        else {
          m.position = end;
          this.options.onBatch?.(m.p.name, 0, end);
        }
      }
    } catch (e) {
      for (const m of quiet) this.leave(m, e);
    }
  }

  /** Each event some projection wants, decoded once (after the page's keys are loaded in one query). */
  private async decodeFor(events: readonly RecordedEvent[], projections: readonly Projection[]): Promise<Decoded> {
    const wanted = events.filter((e) => projections.some((p) => matchesFilter(p.filter, e)));
    const decoded = new Map<RecordedEvent, ProjectedEvent | { failed: unknown }>();
    if (!wanted.length) return decoded;
    await this.options.prefetch?.(wanted);
    for (const e of wanted) {
      try {
        const d = this.options.decode(e);
        decoded.set(e, decodedNow(d) ? d : await d);
      } catch (failed) {
        decoded.set(e, { failed });
      }
    }
    return decoded;
  }

  /** A page's events after `from` that the projection wants, decoded (throws a failed decode), and when the last of the page was appended. */
  private pick(p: Projection, page: readonly RecordedEvent[], from: Position | undefined, decoded: Decoded) {
    const fresh = after(page, from);
    const mine = fresh.flatMap((e) => {
      if (!matchesFilter(p.filter, e)) return [];
      const d = decoded.get(e);
      if (!d) throw new Error(`event ${e.id} was not decoded`);
      if ('failed' in d) throw d.failed;
      return [d];
    });
    return { mine, last: fresh.length ? fresh[fresh.length - 1].created : undefined };
  }

  /**
   * A page's events after `from` that the projection wants, in transactions of at most batchSize
   * events, the last one moving the checkpoint to `end`. False when another process moved it.
   */
  private async apply(
    p: Projection,
    page: readonly RecordedEvent[],
    from: Position | undefined,
    end: Position,
    decoded: Decoded,
  ): Promise<boolean> {
    const batchSize = this.options.batchSize ?? 500;
    const { mine, last } = this.pick(p, page, from, decoded);
    let at = from;
    for (let i = 0; i === 0 || i < mine.length; i += batchSize) {
      const batch = mine.slice(i, i + batchSize);
      const final = i + batchSize >= mine.length;
      const to = final ? end : batch[batch.length - 1].recorded.position;
      if (!(await this.commit(p, batch, at, to, final ? last : batch[batch.length - 1].recorded.created))) return false;
      at = to;
    }
    return true;
  }

  private async commit(
    p: Projection,
    batch: readonly ProjectedEvent[],
    from: Position | undefined,
    to: Position | undefined,
    lastEventAt: Date | undefined,
  ): Promise<boolean> {
    const client = await this.options.pool.connect();
    try {
      // One round trip for both (a simple query may hold several statements): every statement is
      // a loopback round trip, and the projector commits a batch per projection several times a second.
      // The checkpoint's compare-and-set goes first, in that round trip too (the transaction holds its row
      // until the batch's rows commit with it); only when it did not move is the checkpoint read, to say why.
      const quote = (literal: string) => client.escapeLiteral(literal);
      const results = (await client.query(
        `begin; select pg_advisory_xact_lock(hashtext(${quote(projectionLockKey(p.name))})); ${moveCheckpointSql(quote, p.name, p.version, from, to, batch.length, lastEventAt)}`,
      )) as unknown as QueryResult[];
      const moved = results[2].rowCount === 1;
      if (!moved) {
        const current = await readCheckpoint(client, p.name, true);
        if (!samePosition(current?.position, from)) {
          await client.query('rollback');
          return false;
        }
        if (current && current.version !== p.version) throw new ProjectionVersionError(p, current.version);
      }
      if (batch.length) await p.handle(client, batch, liveTables(p));
      await this.options.beforeCheckpoint?.(p.name, batch);
      if (!moved) await writeCheckpoint(client, p.name, p.version, to, batch.length, lastEventAt);
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
