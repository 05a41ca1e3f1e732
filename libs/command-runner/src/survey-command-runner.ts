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
import { SurveyActor, SurveyCommand, SurveyEvent, SurveyState, foldSurvey, surveyDecider, surveyStream } from '@wenzheng/survey';
import { EVENT_STORE } from '@wenzheng/platform';
import { Clock } from '@wenzheng/petition-store';
import { commandMetadata } from './petition-command-runner';
import { SurveyEventCodec } from '@wenzheng/petition-store';
import { CONFLICT_ATTEMPTS, conflictBackoff } from './conflict-retry';

export interface SurveyCommandMeta {
  readonly commandId: string;
  readonly correlationId?: string;
  readonly actor: SurveyActor;
}

export interface SurveyCommandResult {
  readonly revision: number;
  readonly events: readonly SurveyEvent[];
  readonly state: SurveyState;
  /** The command had run before (same commandId): its earlier events, nothing appended. */
  readonly replayed: boolean;
}

/**
 * Load `survey-<id>`, decide, append with the exact expected revision and the same metadata and
 * hash chain as a petition's stream; on a version conflict decide again on the fresh stream.
 */
@Injectable()
export class SurveyCommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly codec: SurveyEventCodec,
    private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  async load(surveyId: string): Promise<{ recorded: RecordedEvent[]; events: SurveyEvent[]; state: SurveyState }> {
    let recorded: RecordedEvent[];
    try {
      recorded = await this.store.readStream(surveyStream(surveyId));
    } catch (e) {
      if (!(e instanceof StreamNotFoundError)) throw e;
      recorded = [];
    }
    const events = recorded.map((r) => this.codec.decode(r));
    return { recorded, events, state: foldSurvey(events) };
  }

  async execute(surveyId: string, build: (context: { now: Date; actor: SurveyActor }) => SurveyCommand, meta: SurveyCommandMeta) {
    for (let attempt = 1; attempt <= CONFLICT_ATTEMPTS; attempt++) {
      const stream = await this.load(surveyId);
      const head = stream.recorded.at(-1);
      const earlier = stream.recorded.flatMap((r, i) => (r.metadata.commandId === meta.commandId ? [i] : []));
      if (earlier.length) {
        const revision = Number(stream.recorded[earlier[earlier.length - 1]].revision);
        return {
          revision,
          events: earlier.map((i) => stream.events[i]),
          state: stream.state,
          replayed: true,
        } satisfies SurveyCommandResult;
      }
      const now = this.clock.now();
      const produced = surveyDecider.decide(build({ now, actor: meta.actor }), stream.state);
      const revision = head === undefined ? -1 : Number(head.revision);
      if (!produced.length) return { revision, events: [], state: stream.state, replayed: false } satisfies SurveyCommandResult;
      const stamped = [];
      for (const event of produced) {
        const id = newId();
        const stored = await this.codec.encode(event);
        stamped.push({ id, type: stored.type, data: stored.data, metadata: commandMetadata(meta, id, now) });
      }
      try {
        const result = await this.store.appendToStream(
          surveyStream(surveyId),
          chainLinks((head?.metadata.hash as string | undefined) ?? GENESIS_HASH, stamped),
          { expectedRevision: head === undefined ? 'no_stream' : head.revision },
        );
        return {
          revision: Number(result.nextExpectedRevision),
          events: produced,
          state: produced.reduce(surveyDecider.evolve, stream.state),
          replayed: false,
        } satisfies SurveyCommandResult;
      } catch (e) {
        if (!(e instanceof WrongExpectedVersionError)) throw e;
        await conflictBackoff(attempt);
      }
    }
    throw new ConflictException(`survey ${surveyId} kept changing concurrently; retry the command`);
  }
}
