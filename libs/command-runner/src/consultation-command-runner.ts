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
  ConsultationActor,
  ConsultationCommand,
  ConsultationContext,
  ConsultationEvent,
  ConsultationState,
  DEFAULT_CONSULTATION_POLICY,
  consultationDecider,
  consultationStream,
  foldConsultation,
} from '@wenzheng/consultation';
import { EVENT_STORE } from '@wenzheng/platform';
import { ReferenceDataService } from '@wenzheng/read-models';
import { Clock } from '@wenzheng/petition-store';
import { commandMetadata } from './petition-command-runner';
import { ConsultationEventCodec } from '@wenzheng/petition-store';
import { CONFLICT_ATTEMPTS, conflictBackoff } from './conflict-retry';

export interface ConsultationCommandMeta {
  /** One request across its retries (claimed with its Idempotency-Key): the same commandId appends nothing again. */
  readonly commandId: string;
  readonly correlationId?: string;
  readonly actor: ConsultationActor;
}

export interface ConsultationCommandResult {
  readonly consultationId: string;
  readonly revision: number;
  readonly events: readonly ConsultationEvent[];
  readonly state: ConsultationState;
  readonly replayed: boolean;
}

/**
 * Load `consultation-<id>`, decide, append with the exact expected revision and the same metadata
 * and integrity hash chain as a petition's stream; on a version conflict decide again on the fresh
 * stream (the command carries its own time and actor, so that is safe).
 */
@Injectable()
export class ConsultationCommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reference: ReferenceDataService,
    private readonly codec: ConsultationEventCodec,
    private readonly clock: Clock,
  ) {}

  context(actor: ConsultationActor): ConsultationContext {
    return { now: this.clock.now(), actor, policy: DEFAULT_CONSULTATION_POLICY, calendar: this.reference.calendar() };
  }

  async load(consultationId: string): Promise<{ recorded: RecordedEvent[]; events: ConsultationEvent[]; state: ConsultationState }> {
    let recorded: RecordedEvent[];
    try {
      recorded = await this.store.readStream(consultationStream(consultationId));
    } catch (e) {
      if (!(e instanceof StreamNotFoundError)) throw e;
      recorded = [];
    }
    const events = recorded.map((r) => this.codec.decode(r));
    return { recorded, events, state: foldConsultation(events) };
  }

  async execute(
    consultationId: string,
    build: (context: ConsultationContext) => ConsultationCommand,
    meta: ConsultationCommandMeta,
  ): Promise<ConsultationCommandResult> {
    for (let attempt = 1; attempt <= CONFLICT_ATTEMPTS; attempt++) {
      const stream = await this.load(consultationId);
      const head = stream.recorded.at(-1);
      const earlier = stream.recorded.flatMap((r, i) => (r.metadata.commandId === meta.commandId ? [i] : []));
      if (earlier.length) {
        return {
          consultationId,
          revision: Number(stream.recorded[earlier[earlier.length - 1]].revision),
          events: earlier.map((i) => stream.events[i]),
          state: stream.state,
          replayed: true,
        };
      }
      const context = this.context(meta.actor);
      const produced = consultationDecider.decide(build(context), stream.state);
      const revision = head === undefined ? -1 : Number(head.revision);
      if (!produced.length) return { consultationId, revision, events: [], state: stream.state, replayed: false };
      const toAppend = await this.chained(produced, head, meta, context.now);
      try {
        const result = await this.store.appendToStream(consultationStream(consultationId), toAppend, {
          expectedRevision: head === undefined ? 'no_stream' : head.revision,
        });
        return {
          consultationId,
          revision: Number(result.nextExpectedRevision),
          events: produced,
          state: produced.reduce(consultationDecider.evolve, stream.state),
          replayed: false,
        };
      } catch (e) {
        if (!(e instanceof WrongExpectedVersionError)) throw e;
        await conflictBackoff(attempt);
      }
    }
    throw new ConflictException(`consultation ${consultationId} kept changing concurrently; retry the command`);
  }

  private async chained(events: readonly ConsultationEvent[], head: RecordedEvent | undefined, meta: ConsultationCommandMeta, now: Date) {
    const stamped = [];
    for (const event of events) {
      const id = newId();
      const stored = await this.codec.encode(event);
      stamped.push({ id, type: stored.type, data: stored.data, metadata: commandMetadata(meta, id, now) });
    }
    return chainLinks((head?.metadata.hash as string | undefined) ?? GENESIS_HASH, stamped);
  }
}
