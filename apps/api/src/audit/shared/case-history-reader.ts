import { Inject, Injectable } from '@nestjs/common';
import { EventStore, RecordedEvent, StreamNotFoundError } from '@wenzheng/event-store';
import { PetitionEvent, streamName } from '@wenzheng/petition';
import { EVENT_STORE } from '@wenzheng/platform';
import { PetitionEventCodec } from '@wenzheng/petition-store';

export interface CaseHistory {
  readonly petitionId: string;
  readonly streamId: string;
  /** As stored: what the integrity chain covers. */
  readonly recorded: readonly RecordedEvent[];
  /** The same events decoded through the codec, index for index. */
  readonly events: readonly PetitionEvent[];
}

/**
 * One case's stream, stored and decoded. Audit reads and the timeline CLI share it; it needs no
 * command machinery (clock, policies, metrics), so a CLI can build it from the runtime alone.
 */
@Injectable()
export class CaseHistoryReader {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly codec: PetitionEventCodec,
  ) {}

  /** An unknown (or deleted) case has no events. */
  async load(petitionId: string): Promise<CaseHistory> {
    const streamId = streamName(petitionId);
    let recorded: RecordedEvent[];
    try {
      recorded = await this.store.readStream(streamId);
    } catch (e) {
      if (!(e instanceof StreamNotFoundError)) throw e;
      recorded = [];
    }
    const events: PetitionEvent[] = [];
    for (const r of recorded) events.push(await this.codec.decode(r));
    return { petitionId, streamId, recorded, events };
  }
}

/**
 * When an event happened, for time travel: the command's instant in the metadata, which the
 * integrity chain covers (the row's created_at is not), else the time the store recorded it.
 */
export function occurredAt(recorded: RecordedEvent): Date {
  const stated = recorded.metadata.occurredAt;
  const ms = typeof stated === 'string' ? Date.parse(stated) : NaN;
  return Number.isFinite(ms) ? new Date(ms) : recorded.created;
}
