import { randomUUID } from 'node:crypto';
import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { EventStore, GENESIS_HASH, RecordedEvent, StreamNotFoundError, WrongExpectedVersionError, chainLinks } from '@wenzheng/event-store';
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
import { commandMetadata } from '@wenzheng/command-runner';
import { InterviewEventCodec } from '@wenzheng/petition-store';

const MAX_ATTEMPTS = 8;

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
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly codec: InterviewEventCodec,
    private readonly clock: Clock,
  ) {}

  async load(interviewId: string): Promise<{ recorded: RecordedEvent[]; events: InterviewEvent[]; state: InterviewState }> {
    let recorded: RecordedEvent[] = [];
    try {
      recorded = await this.store.readStream(interviewStream(interviewId));
    } catch (e) {
      if (!(e instanceof StreamNotFoundError)) throw e;
    }
    const events = recorded.map((r) => this.codec.decode(r));
    return { recorded, events, state: foldInterview(events) };
  }

  async execute(
    interviewId: string,
    build: (context: InterviewContext) => InterviewCommand,
    meta: InterviewCommandMeta,
  ): Promise<InterviewCommandResult> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const { recorded, events, state } = await this.load(interviewId);
      const head = recorded.at(-1);
      const earlier = recorded.flatMap((r, i) => (r.metadata.commandId === meta.commandId ? [i] : []));
      if (earlier.length) {
        const revision = Number(recorded[earlier[earlier.length - 1]].revision);
        return { revision, events: earlier.map((i) => events[i]), state, replayed: true };
      }
      const context = { now: this.clock.now(), actor: meta.actor };
      const produced = interviewDecider.decide(build(context), state);
      if (!produced.length) return { revision: head ? Number(head.revision) : -1, events: [], state, replayed: false };
      const stamped = [];
      for (const event of produced) {
        const id = randomUUID();
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
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      }
    }
    throw new ConflictException(`interview ${interviewId} kept changing concurrently; retry the command`);
  }
}
