import {
  CONSULTATION_ACTIONS,
  CloseConsultation,
  ConsultationActor,
  ConsultationCommand,
  MarkSummaryOverdue,
  ModerateOpinion,
  PublishConsultation,
  PublishFeedbackSummary,
  SubmitOpinion,
} from './commands';
import {
  ConsultationForbiddenError,
  ConsultationNotFoundError,
  ConsultationRuleError,
  ConsultationStateError,
  InvalidConsultationCommandError,
} from './errors';
import { ConsultationEvent } from './events';
import { periodOver, summaryDueBy, summaryOverdue, withinPeriod } from './policy';
import { ConsultationState } from './state';

type Published = Exclude<ConsultationState, { status: 'initial' }>;

/** Staff of the owning department, or an administrator. */
export const isConsultationStaff = (actor: ConsultationActor, departmentId: string): boolean =>
  actor.role === 'admin' || (actor.role === 'handler' && actor.departmentId === departmentId);

function published(command: ConsultationCommand, state: ConsultationState): Published {
  if (state.status === 'initial') {
    throw new ConsultationNotFoundError(`consultation ${command.data.consultationId}`, CONSULTATION_ACTIONS[command.type]);
  }
  return state;
}

function inStatus<S extends Published['status']>(
  command: ConsultationCommand,
  state: Published,
  ...allowed: S[]
): Extract<Published, { status: S }> {
  if (!(allowed as string[]).includes(state.status)) throw new ConsultationStateError(CONSULTATION_ACTIONS[command.type], state.status);
  return state as Extract<Published, { status: S }>;
}

function staffOnly(command: ConsultationCommand, departmentId: string): void {
  if (!isConsultationStaff(command.context.actor, departmentId)) {
    throw new ConsultationForbiddenError(
      `cannot ${CONSULTATION_ACTIONS[command.type]}: only staff of the department that published the consultation`,
    );
  }
}

const base = (command: ConsultationCommand) => ({ consultationId: command.data.consultationId, at: command.context.now.toISOString() });

function publish(command: PublishConsultation, state: ConsultationState): ConsultationEvent[] {
  if (state.status !== 'initial') throw new ConsultationStateError('publish', state.status);
  const { data, context } = command;
  staffOnly(command, data.departmentId);
  if (data.closesAt.getTime() <= data.opensAt.getTime())
    throw new InvalidConsultationCommandError('closesAt', 'isAfter', 'must be after opensAt');
  if (data.closesAt.getTime() <= context.now.getTime())
    throw new InvalidConsultationCommandError('closesAt', 'future', 'must be in the future');
  data.attachments?.forEach((a, i) => {
    if (data.attachments?.findIndex((b) => b.url === a.url) !== i)
      throw new InvalidConsultationCommandError(`attachments[${i}].url`, 'unique', 'is listed twice');
  });
  return [
    {
      type: 'ConsultationPublished',
      data: {
        ...base(command),
        departmentId: data.departmentId,
        title: data.title,
        draft: data.draft,
        ...(data.contact !== undefined ? { contact: data.contact } : {}),
        ...(data.attachments?.length ? { attachments: data.attachments.map(({ name, url }) => ({ name, url })) } : {}),
        opensAt: data.opensAt.toISOString(),
        closesAt: data.closesAt.toISOString(),
        summaryDueBy: summaryDueBy(data.closesAt, context.policy, context.calendar).toISOString(),
      },
    },
  ];
}

function submitOpinion(command: SubmitOpinion, state: ConsultationState): ConsultationEvent[] {
  const open = inStatus(command, published(command, state), 'open');
  if (!withinPeriod(open, command.context.now)) {
    throw new ConsultationRuleError(
      'outside_period',
      `cannot submit an opinion: opinions are taken from ${open.opensAt} until ${open.closesAt}`,
    );
  }
  const { opinionId, text, author } = command.data;
  if (Object.hasOwn(open.opinions, opinionId)) return [];
  return [
    {
      type: 'OpinionSubmitted',
      data: {
        ...base(command),
        opinionId,
        text,
        anonymous: author === undefined,
        private: command.data.private,
        ...(author !== undefined ? { author } : {}),
      },
    },
  ];
}

function moderate(command: ModerateOpinion, state: ConsultationState): ConsultationEvent[] {
  const s = published(command, state);
  staffOnly(command, s.departmentId);
  const { opinionId, decision, reason } = command.data;
  const opinion = Object.hasOwn(s.opinions, opinionId) ? s.opinions[opinionId] : undefined;
  if (!opinion) throw new ConsultationNotFoundError(`opinion ${opinionId}`, 'moderate');
  if (opinion.status !== 'pending')
    throw new ConsultationRuleError('already_moderated', `cannot moderate: opinion ${opinionId} is already ${opinion.status}`);
  if (decision === 'published' && opinion.private) {
    throw new ConsultationRuleError(
      'private_opinion',
      'cannot publish: the author asked for the opinion to stay private (it is counted, never shown)',
    );
  }
  return [{ type: 'OpinionModerated', data: { ...base(command), opinionId, decision, ...(reason !== undefined ? { reason } : {}) } }];
}

// Staff are checked before the status: another department's staff are refused (403) whatever the state.

function close(command: CloseConsultation, state: ConsultationState): ConsultationEvent[] {
  const s = published(command, state);
  const automatic = command.context.actor.role === 'system';
  if (!automatic) staffOnly(command, s.departmentId);
  const open = inStatus(command, s, 'open');
  if (!periodOver(open, command.context.now)) {
    throw new ConsultationRuleError('period_running', `cannot close: the period runs until ${open.closesAt}`);
  }
  return [{ type: 'ConsultationClosed', data: { ...base(command), automatic } }];
}

function publishSummary(command: PublishFeedbackSummary, state: ConsultationState): ConsultationEvent[] {
  const s = published(command, state);
  staffOnly(command, s.departmentId);
  const closed = inStatus(command, s, 'closed');
  const { items, text } = command.data;
  items.forEach((item, i) => {
    if (item.opinionId !== undefined && !Object.hasOwn(closed.opinions, item.opinionId)) {
      throw new InvalidConsultationCommandError(`items[${i}].opinionId`, 'knownOpinion', 'no such opinion in this consultation');
    }
  });
  return [
    {
      type: 'FeedbackSummaryPublished',
      data: {
        ...base(command),
        departmentId: closed.departmentId,
        items,
        text,
        late: summaryOverdue(closed.summaryDueBy, command.context.now),
      },
    },
  ];
}

function markOverdue(command: MarkSummaryOverdue, state: ConsultationState): ConsultationEvent[] {
  const s = inStatus(command, published(command, state), 'open', 'closed');
  if (command.context.actor.role !== 'system')
    throw new ConsultationForbiddenError('cannot mark the summary overdue: only the system does');
  if (s.summaryOverdue) return [];
  if (!summaryOverdue(s.summaryDueBy, command.context.now)) {
    throw new ConsultationRuleError('summary_not_due', `cannot mark the summary overdue: it is due by ${s.summaryDueBy}`);
  }
  return [{ type: 'ConsultationSummaryOverdue', data: { ...base(command), departmentId: s.departmentId, dueAt: s.summaryDueBy } }];
}

/** Pure and total: the events a command produces, or a named ConsultationDomainError. */
export function decideConsultation(command: ConsultationCommand, state: ConsultationState): ConsultationEvent[] {
  switch (command.type) {
    case 'PublishConsultation':
      return publish(command, state);
    case 'SubmitOpinion':
      return submitOpinion(command, state);
    case 'ModerateOpinion':
      return moderate(command, state);
    case 'CloseConsultation':
      return close(command, state);
    case 'PublishFeedbackSummary':
      return publishSummary(command, state);
    case 'MarkSummaryOverdue':
      return markOverdue(command, state);
    default: {
      const never: never = command;
      throw new Error(`unknown command ${(never as { type: string }).type}`);
    }
  }
}
