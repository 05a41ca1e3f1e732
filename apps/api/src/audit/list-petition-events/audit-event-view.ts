import type { RecordedEvent } from '@wenzheng/event-store';
import type { PetitionEvent } from '@wenzheng/petition';
import { auditData } from '../shared/personal-data';

export interface AuditEventView {
  readonly eventId: string;
  readonly revision: number;
  readonly type: string;
  /** Decoded through the codec; the citizen block masked and every free text redacted unless a reason was stated. */
  readonly data: unknown;
  /** The stored metadata, whole (actor, commandId, correlationId, causationId, occurredAt, schemaVersion, hash). */
  readonly metadata: Record<string, unknown>;
  readonly actor?: unknown;
  readonly commandId?: unknown;
  readonly correlationId?: unknown;
  readonly causationId?: unknown;
  readonly occurredAt?: unknown;
  readonly hash?: unknown;
  /** When the store recorded it. */
  readonly recordedAt: string;
  /** The global position in the store: EventStoreDB's commit/prepare; PostgreSQL's transaction id / global sequence. */
  readonly position: { readonly commit: string; readonly prepare: string };
}

export interface PetitionEventsAudit {
  readonly petitionId: string;
  readonly streamId: string;
  readonly revision: number;
  readonly personalData: 'masked' | 'shown';
  readonly events: readonly AuditEventView[];
}

/** `submitted`: the case's PetitionSubmitted, whose citizen name is masked in every event's free text. */
export function auditEventView(
  recorded: RecordedEvent,
  event: PetitionEvent,
  showPersonalData: boolean,
  submitted?: PetitionEvent,
): AuditEventView {
  return recordedEventView(recorded, auditData(event, showPersonalData, submitted));
}

/** A stored event as an auditor reads it, with `data` as the caller decoded it (masked or in clear). */
export function recordedEventView(recorded: RecordedEvent, data: unknown): AuditEventView {
  const m = recorded.metadata;
  return {
    eventId: recorded.id,
    revision: Number(recorded.revision),
    type: recorded.type,
    data,
    metadata: m,
    actor: m.actor,
    commandId: m.commandId,
    correlationId: m.correlationId,
    causationId: m.causationId,
    occurredAt: m.occurredAt,
    hash: m.hash,
    recordedAt: recorded.created.toISOString(),
    position: { commit: recorded.position.commit.toString(), prepare: recorded.position.prepare.toString() },
  };
}
