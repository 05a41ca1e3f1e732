import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  EventStore,
  GENESIS_HASH,
  RecordedEvent,
  StreamNotFoundError,
  WrongExpectedVersionError,
  chainLinks,
  newId,
} from '@wenzheng/event-store';
import {
  Actor,
  CommandContext,
  PetitionCommand,
  PetitionEvent,
  PetitionState,
  decide,
  evolve,
  initialState,
  isPetitionEvent,
  streamName,
} from '@wenzheng/petition';
import { EVENT_STORE } from '@wenzheng/platform';
import { ReferenceDataService } from '@wenzheng/read-models';
import { MetricsService } from '@wenzheng/read-models';
import { PERSONAL_DATA_ERASED, PlatformEvent } from '@wenzheng/platform-events';
import { Clock } from '@wenzheng/petition-store';
import { PetitionEventCodec, citizenNamesIn } from '@wenzheng/petition-store';
import { CONFLICT_ATTEMPTS, conflictBackoff } from './conflict-retry';
import { FoldedStream, FoldedStreams } from './folded-streams';

export const EVENT_SCHEMA_VERSION = 1;

export interface CommandMeta {
  /** One request, across its retries (claimed with its Idempotency-Key): the same commandId on a stream appends nothing again. */
  readonly commandId: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly actor: Actor;
}

/** The metadata every event of a command carries (the integrity hash is added by chainLinks). */
export function commandMetadata(
  meta: { commandId: string; correlationId?: string; causationId?: string; actor: { id: string; role: string; departmentId?: string } },
  eventId: string,
  now: Date,
): Record<string, unknown> {
  const { actor } = meta;
  return {
    eventId,
    commandId: meta.commandId,
    correlationId: meta.correlationId ?? meta.commandId,
    causationId: meta.causationId ?? meta.commandId,
    actor: { id: actor.id, role: actor.role, ...(actor.departmentId ? { departmentId: actor.departmentId } : {}) },
    occurredAt: now.toISOString(),
    schemaVersion: EVENT_SCHEMA_VERSION,
  };
}

export interface CommandResult {
  readonly petitionId: string;
  /** Stream revision after the command (-1 when the stream is empty). */
  readonly revision: number;
  /** The events this command produced (on a replayed command: the ones it produced the first time). */
  readonly events: readonly PetitionEvent[];
  /** The stored ids of `events`, in order (a comment's id is its event's). */
  readonly eventIds: readonly string[];
  readonly state: PetitionState;
  readonly replayed: boolean;
}

export class ConcurrencyConflictError extends Error {
  constructor(readonly petitionId: string) {
    super(`petition ${petitionId} kept changing concurrently; retry the command`);
  }
}

/** See PetitionCommandRunner.decideOn. */
type Decided =
  | { readonly kind: 'answered'; readonly result: CommandResult }
  | { readonly kind: 'refused'; readonly error: unknown }
  | { readonly kind: 'append'; readonly produced: PetitionEvent[]; readonly context: CommandContext };

export interface LoadedStream {
  readonly recorded: readonly RecordedEvent[];
  readonly events: readonly PetitionEvent[];
  readonly state: PetitionState;
  readonly revision: bigint | undefined;
}

/**
 * Load the stream, decide, append with the exact expected revision; on a version conflict decide
 * again on the fresh stream (the command carries its own time and actor, so that is safe).
 */
@Injectable()
export class PetitionCommandRunner {
  private readonly logger = new Logger('commands');
  private readonly folds = new FoldedStreams();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reference: ReferenceDataService,
    private readonly codec: PetitionEventCodec,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  context(actor: Actor): CommandContext {
    return { now: this.clock.now(), actor, policies: this.reference.policies(), calendar: this.reference.calendar() };
  }

  async load(petitionId: string): Promise<LoadedStream> {
    let recorded: RecordedEvent[];
    try {
      recorded = await this.store.readStream(streamName(petitionId));
    } catch (e) {
      if (e instanceof StreamNotFoundError) recorded = [];
      else throw e;
    }
    return this.loaded(recorded);
  }

  private async loaded(recorded: RecordedEvent[]): Promise<LoadedStream> {
    const events: PetitionEvent[] = [];
    for (const r of recorded) events.push(await this.codec.decode(r));
    // Platform events in the stream (e.g. PersonalDataErased) are recorded history, not decider input.
    const state = events.filter(isPetitionEvent).reduce(evolve, initialState());
    return { recorded, events, state, revision: recorded.at(-1)?.revision };
  }

  /**
   * Before a case's key is destroyed (an erasure): its fold holds the citizen's name and what was
   * decided with it, and the stream does not change until the erasure's event is appended.
   */
  forgetFold(petitionId: string): void {
    this.folds.erase(petitionId);
  }

  /**
   * The stream as it stands now: `kept` when the store says the stream has not changed since (see
   * FoldedStreams), else the whole stream, read (in the same round trip) and folded.
   */
  private async current(petitionId: string, kept: FoldedStream): Promise<{ folded: FoldedStream; whole?: LoadedStream }> {
    if (kept.range && this.store.readStreamUnlessAt) {
      let read: RecordedEvent[] | 'unchanged' | undefined;
      try {
        read = await this.store.readStreamUnlessAt(streamName(petitionId), kept.range);
      } catch {
        // Gone or deleted since: read as any command reads it, with the same errors.
        read = undefined;
      }
      if (read === 'unchanged') return { folded: kept };
      this.folds.forget(petitionId);
      const whole = read ? await this.loaded(read) : await this.load(petitionId);
      return { folded: foldedFrom(whole), whole };
    }
    this.folds.forget(petitionId);
    return this.wholeFold(petitionId);
  }

  async execute(petitionId: string, build: (context: CommandContext) => PetitionCommand, meta: CommandMeta): Promise<CommandResult> {
    const stop = this.metrics.commandDuration.startTimer();
    let command = 'unknown';
    try {
      const result = await this.attempt(
        petitionId,
        (context) => {
          const c = build(context);
          command = c.type;
          return c;
        },
        meta,
      );
      stop({ command, outcome: result.replayed ? 'replayed' : 'ok' });
      for (const e of result.replayed ? [] : result.events) this.metrics.eventsAppended.inc({ type: e.type });
      return result;
    } catch (e) {
      stop({ command, outcome: 'refused' });
      throw e;
    }
  }

  private async attempt(
    petitionId: string,
    build: (context: CommandContext) => PetitionCommand,
    meta: CommandMeta,
  ): Promise<CommandResult> {
    let keptTried = false;
    for (let attempt = 1; attempt <= CONFLICT_ATTEMPTS; attempt++) {
      // The kept fold is decided on unchecked: an append checks it (its expected revision), and a
      // decision that appends nothing is checked before it is answered; where kept folds have
      // lately been stale it is checked first (FoldedStreams.checkFirst). After a conflict the
      // stream is read whole again.
      const generation = this.folds.generation;
      const kept = keptTried ? undefined : this.folds.get(petitionId);
      keptTried = true;
      let folded: FoldedStream;
      let whole: LoadedStream | undefined;
      let checked = false;
      // A replay of this command is read whole below whatever the fold (one round trip, not a check and then a read).
      if (kept?.range && this.folds.checkFirst && !kept.commandIds.has(meta.commandId)) {
        ({ folded, whole } = await this.current(petitionId, kept));
        this.folds.noteKept(whole !== undefined);
        checked = whole === undefined;
      } else if (kept?.range) ({ folded, whole } = { folded: kept, whole: undefined });
      else ({ folded, whole } = await this.wholeFold(petitionId));
      const unchecked = !whole && !checked;
      let decided: Decided;
      for (;;) {
        if (folded.commandIds.has(meta.commandId) && !whole) ({ folded, whole } = await this.wholeFold(petitionId));
        decided = this.decideOn(petitionId, folded, whole, build, meta);
        if (decided.kind === 'append' || whole || checked) break;
        // Nothing to append: answered only once the fold is known to be the stream as it stands.
        const fresh = await this.current(petitionId, folded);
        if (unchecked) this.folds.noteKept(fresh.whole !== undefined);
        if (!fresh.whole) break;
        ({ folded, whole } = fresh);
      }
      if (decided.kind === 'refused') throw decided.error;
      if (decided.kind === 'answered') return decided.result;
      // Appending on a kept fold neither checked nor read whole: the append tells whether it was stale.
      const onUncheckedFold = unchecked && !whole;
      const { produced, context } = decided;
      const revision = folded.range?.lastRevision;
      const names = folded.names.length ? folded.names : citizenNamesIn(produced);
      const toAppend = await this.withMetadata(petitionId, produced, names, folded.lastHash, meta, context.now, folded.erased);
      let result;
      try {
        result = await this.store.appendToStream(streamName(petitionId), toAppend, {
          expectedRevision: revision === undefined ? 'no_stream' : revision,
        });
      } catch (e) {
        this.folds.forget(petitionId);
        if (!(e instanceof WrongExpectedVersionError)) throw e;
        this.logger.debug(`version conflict on ${petitionId} (attempt ${attempt}), deciding again`);
        // A kept fold another writer had moved past is no contention: the stream is read at once,
        // and that try is not one of the attempts. A checked fold refused is a race lost after the
        // check, as after a whole read: it backs off and counts (its check noted the fold current).
        if (onUncheckedFold) {
          this.folds.noteKept(true);
          attempt--;
        } else await conflictBackoff(attempt);
        continue;
      }
      if (onUncheckedFold) this.folds.noteKept(false);
      const state = produced.reduce(evolve, folded.state);
      const last = result.nextExpectedRevision;
      await this.keep(petitionId, folded, toAppend, last, meta.commandId, generation);
      return {
        petitionId,
        revision: Number(last),
        events: produced,
        eventIds: toAppend.map((e) => e.id),
        state,
        replayed: false,
      };
    }
    throw new ConcurrencyConflictError(petitionId);
  }

  /** The decider's answer on a fold: a replay of the command found in the stream, nothing to append, a refusal, or events. */
  private decideOn(
    petitionId: string,
    folded: FoldedStream,
    whole: LoadedStream | undefined,
    build: (context: CommandContext) => PetitionCommand,
    meta: CommandMeta,
  ): Decided {
    if (whole && folded.commandIds.has(meta.commandId)) {
      const earlier = whole.recorded.flatMap((r, i) => (r.metadata.commandId === meta.commandId ? [i] : []));
      if (earlier.length) {
        const result: CommandResult = {
          petitionId,
          revision: Number(whole.recorded[earlier[earlier.length - 1]].revision),
          events: earlier.map((i) => whole.events[i]),
          eventIds: earlier.map((i) => whole.recorded[i].id),
          state: whole.state,
          replayed: true,
        };
        return { kind: 'answered', result };
      }
    }
    // The decider does not fold platform events; the one fact it needs from them travels in the context.
    const context: CommandContext = { ...this.context(meta.actor), ...(folded.erased && { personalDataErased: true }) };
    let produced: PetitionEvent[];
    try {
      produced = decide(build(context), folded.state);
    } catch (error) {
      return { kind: 'refused', error };
    }
    if (produced.length) return { kind: 'append', produced, context };
    const revision = folded.range?.lastRevision;
    return {
      kind: 'answered',
      result: {
        petitionId,
        revision: revision === undefined ? -1 : Number(revision),
        events: [],
        eventIds: [],
        state: folded.state,
        replayed: false,
      },
    };
  }

  /**
   * Keeps the fold of the stream after this command's append, folded from the events as stored
   * and read back (as a whole read folds them: text the codec could not seal, its key gone, is
   * kept only as its redacted copy), not from the events as the decider produced them.
   */
  private async keep(
    petitionId: string,
    folded: FoldedStream,
    appended: ReadonlyArray<{ type: string; data: unknown; metadata: Record<string, unknown> }>,
    last: bigint,
    commandId: string,
    generation: number,
  ): Promise<void> {
    // Only where the store can say whether a stream is still at a range (see current).
    if (!this.store.readStreamUnlessAt) return;
    try {
      const stored: PetitionEvent[] = [];
      for (const e of appended) stored.push(await this.codec.decode(e));
      this.folds.set(
        petitionId,
        {
          state: stored.filter(isPetitionEvent).reduce(evolve, folded.state),
          // A stream this command began starts at its first event (after a soft delete, where the stream starts again).
          range: { firstRevision: folded.range?.firstRevision ?? last - BigInt(appended.length) + 1n, lastRevision: last },
          commandIds: new Set([...folded.commandIds, commandId]),
          erased: folded.erased,
          names: folded.names.length ? folded.names : citizenNamesIn(stored),
          lastHash: appended[appended.length - 1].metadata.hash as string,
        },
        generation,
      );
    } catch {
      // Appended all the same: the next command reads the stream whole.
      this.folds.forget(petitionId);
    }
  }

  private async wholeFold(petitionId: string): Promise<{ folded: FoldedStream; whole: LoadedStream }> {
    const whole = await this.load(petitionId);
    return { folded: foldedFrom(whole), whole };
  }

  /**
   * Appends events that are not the decider's (platform facts such as an erasure) with the same
   * metadata and integrity chain, the exact expected revision and the same idempotency by commandId.
   */
  async appendPlatformEvents(petitionId: string, events: readonly PlatformEvent[], meta: CommandMeta): Promise<number> {
    // An erasure's or a release's event changes what a fold holds: the next command reads the stream whole.
    this.folds.erase(petitionId);
    for (let attempt = 1; attempt <= CONFLICT_ATTEMPTS; attempt++) {
      const stream = await this.load(petitionId);
      const earlier = stream.recorded.filter((r) => r.metadata.commandId === meta.commandId);
      if (earlier.length) return Number(earlier[earlier.length - 1].revision);
      const now = this.clock.now();
      const folded = foldedFrom(stream);
      const names = folded.names.length ? folded.names : citizenNamesIn(events as unknown as PetitionEvent[]);
      const toAppend = await this.withMetadata(
        petitionId,
        events as unknown as PetitionEvent[],
        names,
        folded.lastHash,
        meta,
        now,
        folded.erased,
      );
      try {
        const r = await this.store.appendToStream(streamName(petitionId), toAppend, {
          expectedRevision: stream.revision === undefined ? 'no_stream' : stream.revision,
        });
        return Number(r.nextExpectedRevision);
      } catch (e) {
        if (!(e instanceof WrongExpectedVersionError)) throw e;
      }
    }
    throw new ConcurrencyConflictError(petitionId);
  }

  private async withMetadata(
    petitionId: string,
    events: readonly PetitionEvent[],
    names: readonly string[],
    lastHash: string,
    meta: CommandMeta,
    now: Date,
    erased: boolean,
  ) {
    // The public copy of free text is redacted when written, with the citizen's name known now
    // (once erased it is not: then anything that reads as a name is masked).
    const stamped = [];
    for (const event of events) {
      const id = newId();
      const stored = await this.codec.encode(event, petitionId, { names: [...names], erased });
      stamped.push({ id, type: stored.type, data: stored.data, metadata: commandMetadata(meta, id, now) });
    }
    return chainLinks(lastHash, stamped);
  }
}

/** What a command needs of a stream read whole (FoldedStream), as the runner has always taken it from the events. */
export function foldedFrom(stream: LoadedStream): FoldedStream {
  const { recorded } = stream;
  return {
    state: stream.state,
    range: recorded.length ? { firstRevision: recorded[0].revision, lastRevision: recorded[recorded.length - 1].revision } : undefined,
    commandIds: new Set(recorded.map((r) => r.metadata.commandId as string)),
    erased: recorded.some((r) => r.type === PERSONAL_DATA_ERASED),
    names: citizenNamesIn(stream.events),
    lastHash: (recorded.at(-1)?.metadata.hash as string | undefined) ?? GENESIS_HASH,
  };
}
