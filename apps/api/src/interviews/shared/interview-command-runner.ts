import { ConflictException, Inject, Injectable } from '@nestjs/common';
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
  InterviewActor,
  InterviewCommand,
  InterviewContext,
  InterviewEvent,
  InterviewState,
  foldInterview,
  interviewDecider,
  interviewStream,
} from '@wenzheng/interview';
import { EVENT_STORE } from '@wenzheng/platform';
import { Clock } from '@wenzheng/petition-store';
import { CONFLICT_ATTEMPTS, commandMetadata, conflictBackoff } from '@wenzheng/command-runner';
import { InterviewEventCodec } from '@wenzheng/petition-store';

/** Interviews kept folded in memory (a session at a time is the usual load). */
const CACHED_STREAMS = 32;

interface Cached {
  recorded: RecordedEvent[];
  events: InterviewEvent[];
  state: InterviewState;
  /** Where each command's events are, for a retried command (Idempotency-Key). */
  commands: Map<string, number[]>;
}

export interface InterviewCommandMeta {
  /** The same commandId on the stream appends nothing again (Idempotency-Key, or derived by the forwarder). */
  readonly commandId: string;
  readonly correlationId?: string;
  readonly actor: InterviewActor;
}

export interface InterviewCommandResult {
  readonly revision: number;
  readonly events: readonly InterviewEvent[];
  readonly state: InterviewState;
  readonly replayed: boolean;
}

/** Load `interview-<id>`, decide, append with the exact expected revision, metadata and hash chain; retry on a conflict. */
@Injectable()
export class InterviewCommandRunner {
  private readonly cache = new Map<string, Cached>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly codec: InterviewEventCodec,
    private readonly clock: Clock,
  ) {}

  /**
   * The stream as it stands: the streams used lately are kept folded in memory and only the events
   * appended since are read (a session's stream grows by thousands of events, read for every command).
   */
  async load(interviewId: string): Promise<{ recorded: RecordedEvent[]; events: InterviewEvent[]; state: InterviewState }> {
    const cached = this.cache.get(interviewId);
    const head = cached?.recorded.at(-1)?.revision;
    let recorded: RecordedEvent[] = [];
    try {
      recorded = await this.store.readStream(interviewStream(interviewId), head === undefined ? {} : { fromRevision: head + 1n });
    } catch (e) {
      if (!(e instanceof StreamNotFoundError)) throw e;
    }
    // Another load may have added some of these meanwhile: take what is past the head as it is now.
    const entry: Cached = this.cache.get(interviewId) ?? { recorded: [], events: [], state: foldInterview([]), commands: new Map() };
    const now = entry.recorded.at(-1)?.revision ?? -1n;
    for (const r of recorded) {
      if (r.revision <= now) continue;
      const event = this.codec.decode(r);
      entry.recorded.push(r);
      entry.events.push(event);
      entry.state = interviewDecider.evolve(entry.state, event);
      const commandId = r.metadata.commandId;
      if (typeof commandId === 'string') entry.commands.set(commandId, [...(entry.commands.get(commandId) ?? []), entry.events.length - 1]);
    }
    if (entry.recorded.length) this.remember(interviewId, entry);
    return { recorded: [...entry.recorded], events: [...entry.events], state: entry.state };
  }

  private remember(interviewId: string, entry: Cached): void {
    this.cache.delete(interviewId);
    this.cache.set(interviewId, entry);
    if (this.cache.size > CACHED_STREAMS) this.cache.delete(this.cache.keys().next().value as string);
  }

  /**
   * One command at a time per interview in this process: concurrent writers to the one stream of a
   * session otherwise each read it, decide and race to append, and all but one start again.
   */
  private serialized<T>(interviewId: string, work: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(interviewId) ?? Promise.resolve()).then(work);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(interviewId, tail);
    void tail.then(() => {
      if (this.queues.get(interviewId) === tail) this.queues.delete(interviewId);
    });
    return run;
  }

  async execute(
    interviewId: string,
    build: (context: InterviewContext) => InterviewCommand,
    meta: InterviewCommandMeta,
  ): Promise<InterviewCommandResult> {
    return this.serialized(interviewId, () => this.attempt(interviewId, build, meta));
  }

  private async attempt(
    interviewId: string,
    build: (context: InterviewContext) => InterviewCommand,
    meta: InterviewCommandMeta,
  ): Promise<InterviewCommandResult> {
    for (let attempt = 1; attempt <= CONFLICT_ATTEMPTS; attempt++) {
      const { recorded, events, state } = await this.load(interviewId);
      const head = recorded.at(-1);
      const earlier = this.cache.get(interviewId)?.commands.get(meta.commandId) ?? [];
      if (earlier.length) {
        const revision = Number(recorded[earlier[earlier.length - 1]].revision);
        return { revision, events: earlier.map((i) => events[i]), state, replayed: true };
      }
      const context = { now: this.clock.now(), actor: meta.actor };
      const produced = interviewDecider.decide(build(context), state);
      if (!produced.length) return { revision: head ? Number(head.revision) : -1, events: [], state, replayed: false };
      const stamped = [];
      for (const event of produced) {
        const id = newId();
        const stored = await this.codec.encode(event);
        stamped.push({ id, type: stored.type, data: stored.data, metadata: commandMetadata(meta, id, context.now) });
      }
      try {
        const result = await this.store.appendToStream(
          interviewStream(interviewId),
          chainLinks((head?.metadata.hash as string | undefined) ?? GENESIS_HASH, stamped),
          { expectedRevision: head === undefined ? 'no_stream' : head.revision },
        );
        const next = produced.reduce(interviewDecider.evolve, state);
        return { revision: Number(result.nextExpectedRevision), events: produced, state: next, replayed: false };
      } catch (e) {
        if (!(e instanceof WrongExpectedVersionError)) throw e;
        await conflictBackoff(attempt);
      }
    }
    throw new ConflictException(`interview ${interviewId} kept changing concurrently; retry the command`);
  }
}
