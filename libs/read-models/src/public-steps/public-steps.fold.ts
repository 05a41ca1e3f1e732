import { isPublicCase } from '@wenzheng/petition';
import type { Evolve, ProjectedEvent } from '@wenzheng/projector';
import { publicStepOf } from '../wording/event-wording';
import { PetitionStreamEvent as StreamEvent, iso } from '../petition-stream';

// 全过程公开: the steps of a case's handling as the public page shows them. A step is an instant,
// a department and a few fixed-vocabulary facts (on time, the new deadline, the satisfaction);
// never a person, free text or a reason, so nothing here needs redaction and an erasure changes
// nothing. Steps reach the table only while the case is public (docs/security.md: confidential and
// unconsented cases never reach a public read model): until its review a consented case's steps
// wait in its bookkeeping row; a case that can no longer become public keeps none.

export const PUBLIC_STEPS = [
  'received',
  'accepted',
  'dispatched',
  'acknowledged',
  'returned',
  'extended',
  'escalated',
  'interim_reply',
  'information_requested',
  'clock_resumed',
  'answered',
  'rated',
  'reopened',
  'withdrawn',
  'closed',
] as const;
export type PublicStepKind = (typeof PUBLIC_STEPS)[number];

export interface StepRow {
  readonly petitionId: string;
  readonly revision: number;
  readonly step: PublicStepKind;
  readonly at: string;
  readonly departmentId: string | null;
  /** acknowledged, answered: against the deadline in acknowledgeBy / respondBy. */
  readonly onTime: boolean | null;
  readonly acknowledgeBy: string | null;
  /** dispatched, answered: the deadline; extended, reopened: the new one. */
  readonly respondBy: string | null;
  /** escalated: by the deadline watcher (else by the supervision office); extended: no supervisor decided in time. */
  readonly automatic: boolean | null;
  readonly level: number | null;
  readonly satisfaction: string | null;
}

/** Per petition: what decides whether it is public, and the steps waiting for its acceptance. */
export interface StepCase {
  petitionId: string;
  lastRevision: number;
  publicConsent: boolean;
  reviewed: boolean;
  accepted: boolean;
  confidential: boolean;
  /** 内容管理: hidden by a moderator; its steps stay in the table, unread, until restored. */
  hidden: boolean;
  held: StepRow[];
}

export const emptyStepCase = (petitionId: string): StepCase => ({
  petitionId,
  lastRevision: -1,
  publicConsent: false,
  reviewed: false,
  accepted: false,
  confidential: false,
  hidden: false,
  held: [],
});

/** What one event does to the public steps of a case. */
export interface StepChange {
  /** Steps to publish now (in revision order). */
  readonly publish: readonly StepRow[];
  /** The case stopped being public: every published step goes. */
  readonly withdraw: boolean;
}

export type StepFields = Omit<StepRow, 'petitionId' | 'revision' | 'at'>;

/** A consented case not yet reviewed may still be published; its steps are held until then. */
const mayBecomePublic = (c: StepCase) => c.publicConsent && !c.confidential && !c.reviewed;

/** Folds one event into a case; null when it was applied before (its revision is not newer). */
export function applyToStepCase(c: StepCase, stored: ProjectedEvent): StepChange | null {
  const revision = Number(stored.recorded.revision);
  if (revision <= c.lastRevision) return null;
  c.lastRevision = revision;
  const event = { type: stored.type, data: stored.data ?? {} } as StreamEvent;
  const wasPublic = isPublicCase(c);
  if (event.type === 'PetitionSubmitted') c.publicConsent = event.data.publicConsent === true;
  if (event.type === 'PetitionReviewed') {
    c.reviewed = true;
    c.accepted = event.data.outcome === 'accepted';
  }
  // Any event that says the case is confidential (涉密) takes it off the public site for good.
  if ((event.data as { confidential?: unknown }).confidential === true) c.confidential = true;
  if (event.type === 'PublicationModerated' && event.data.target === 'case') c.hidden = event.data.action === 'hide';

  const fields = publicStepOf(event);
  const at = iso((event.data as { at?: unknown }).at) ?? stored.recorded.created.toISOString();
  const step: StepRow | null = fields && { ...fields, petitionId: c.petitionId, revision, at };
  if (isPublicCase(c)) {
    const publish = wasPublic ? [] : c.held;
    c.held = [];
    return { publish: step ? [...publish, step] : publish, withdraw: false };
  }
  if (mayBecomePublic(c)) {
    if (step) c.held.push(step);
  } else c.held = [];
  return { publish: [], withdraw: wasPublic };
}

/** What an event emits for the steps table: a step to publish, or the withdrawal of all of them. */
export type StepOutput = StepRow | 'withdraw';

/**
 * applyToStepCase as the projection skeleton's evolve: on a copy of the stored case (the batch's
 * own case, from an earlier event, changes in place), emitting the change.
 */
export const evolveStepCase: Evolve<StepCase, StreamEvent, StepOutput> = (row, event, context) => {
  const c = row ? (context.ownsRow ? row : { ...row, held: [...row.held] }) : emptyStepCase(context.key);
  const change = applyToStepCase(c, { type: event.type, data: event.data, recorded: context.recorded });
  if (change?.withdraw) context.emit('withdraw');
  for (const step of change?.publish ?? []) context.emit(step);
  return c;
};
