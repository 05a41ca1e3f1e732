import type { Decider } from '@wenzheng/consultation';
import {
  INTERVIEW_ACTIONS,
  AnswerQuestion,
  ForwardQuestion,
  InterviewActor,
  InterviewCommand,
  MergeQuestions,
  OrderQuestions,
  PublishTranscript,
  ScheduleInterview,
  SubmitQuestion,
} from './commands';
import {
  InterviewForbiddenError,
  InterviewNotFoundError,
  InterviewRuleError,
  InterviewStateError,
  InvalidInterviewCommandError,
} from './errors';
import { InterviewEvent } from './events';
import { InterviewState, QuestionState, QuestionStatus, initialInterviewState } from './state';

type Scheduled = Exclude<InterviewState, { status: 'initial' }>;
type Status = Scheduled['status'];

/** Staff of the department that runs the interview (its moderators), or an administrator. */
export const isInterviewStaff = (actor: InterviewActor, departmentId: string): boolean =>
  actor.role === 'admin' || (actor.role === 'handler' && actor.departmentId === departmentId);

/** Approved and never answered (a merged question is covered by the one it was merged into). */
export const isUnanswered = (q: QuestionState): boolean => q.status === 'approved' && !q.answered;

const MODERATION_STATES: Status[] = ['scheduled', 'live', 'ended'];

function scheduled(command: InterviewCommand, state: InterviewState, allowed: readonly Status[]): Scheduled {
  const action = INTERVIEW_ACTIONS[command.type];
  if (state.status === 'initial') throw new InterviewNotFoundError(`interview ${command.data.interviewId}`, action);
  if (!allowed.includes(state.status)) throw new InterviewStateError(action, state.status);
  return state;
}

function staffOnly(command: InterviewCommand, departmentId: string): void {
  if (!isInterviewStaff(command.context.actor, departmentId)) {
    throw new InterviewForbiddenError(INTERVIEW_ACTIONS[command.type], 'staff of the department that runs the interview');
  }
}

/**
 * Staff of the interview's department, in one of the allowed statuses. Who is asked before the
 * status: another department's staff are refused (403) whatever the interview's state.
 */
function staffIn(command: InterviewCommand, state: InterviewState, allowed: readonly Status[]): Scheduled {
  if (state.status !== 'initial') staffOnly(command, state.departmentId);
  return scheduled(command, state, allowed);
}

function question(command: InterviewCommand, s: Scheduled, questionId: string): QuestionState {
  const q = Object.hasOwn(s.questions, questionId) ? s.questions[questionId] : undefined;
  if (!q) throw new InterviewNotFoundError(`question ${questionId}`, INTERVIEW_ACTIONS[command.type]);
  return q;
}

/** Every id of a list names a question of the interview in one of `statuses`, once. */
function listed(s: Scheduled, ids: readonly string[], statuses: readonly QuestionStatus[], field: string): void {
  if (!ids.length) throw new InvalidInterviewCommandError(field, 'arrayMinSize', 'must name at least one question');
  ids.forEach((id, i) => {
    const q = Object.hasOwn(s.questions, id) ? s.questions[id] : undefined;
    if (!q) throw new InvalidInterviewCommandError(`${field}[${i}]`, 'knownQuestion', 'no such question in this interview');
    if (!statuses.includes(q.status)) throw new InvalidInterviewCommandError(`${field}[${i}]`, 'questionStatus', `question is ${q.status}`);
    if (ids.indexOf(id) !== i) throw new InvalidInterviewCommandError(`${field}[${i}]`, 'unique', 'named twice');
  });
}

const base = (command: InterviewCommand) => ({ interviewId: command.data.interviewId, at: command.context.now.toISOString() });

function schedule(command: ScheduleInterview, state: InterviewState): InterviewEvent[] {
  if (state.status !== 'initial') throw new InterviewStateError('schedule', state.status);
  const { data, context } = command;
  staffOnly(command, data.departmentId);
  if (!data.guests.length) throw new InvalidInterviewCommandError('guests', 'arrayMinSize', 'at least one guest');
  data.guests.forEach((g, i) => {
    if (data.guests.findIndex((o) => o.name === g.name) !== i)
      throw new InvalidInterviewCommandError(`guests[${i}].name`, 'unique', 'named twice');
  });
  if (data.endsAt.getTime() <= data.startsAt.getTime())
    throw new InvalidInterviewCommandError('endsAt', 'isAfter', 'must be after startsAt');
  if (data.endsAt.getTime() <= context.now.getTime()) throw new InvalidInterviewCommandError('endsAt', 'future', 'must be in the future');
  return [
    {
      type: 'InterviewScheduled',
      data: {
        ...base(command),
        departmentId: data.departmentId,
        topic: data.topic,
        ...(data.description !== undefined ? { description: data.description } : {}),
        guests: data.guests.map((g) => ({ name: g.name, title: g.title })),
        startsAt: data.startsAt.toISOString(),
        endsAt: data.endsAt.toISOString(),
      },
    },
  ];
}

function submit(command: SubmitQuestion, state: InterviewState): InterviewEvent[] {
  const s = scheduled(command, state, ['scheduled', 'live']);
  const { questionId, text, author } = command.data;
  if (Object.hasOwn(s.questions, questionId)) return [];
  return [
    {
      type: 'InterviewQuestionSubmitted',
      data: { ...base(command), questionId, text, anonymous: author === undefined, ...(author !== undefined ? { author } : {}) },
    },
  ];
}

function moderate(command: InterviewCommand & { data: { questionId: string } }, state: InterviewState): QuestionState {
  const q = question(command, staffIn(command, state, MODERATION_STATES), command.data.questionId);
  if (q.status !== 'pending') {
    throw new InterviewRuleError('already_moderated', `cannot ${INTERVIEW_ACTIONS[command.type]}: question is already ${q.status}`);
  }
  return q;
}

function merge(command: MergeQuestions, state: InterviewState): InterviewEvent[] {
  const s = staffIn(command, state, MODERATION_STATES);
  const { into, questionIds } = command.data;
  const target = question(command, s, into);
  if (target.status !== 'approved') {
    throw new InterviewRuleError('not_approved', `cannot merge: question ${into} is ${target.status}; approve it first`);
  }
  listed(s, questionIds, ['pending', 'approved'], 'questionIds');
  questionIds.forEach((id, i) => {
    if (id === into) throw new InvalidInterviewCommandError(`questionIds[${i}]`, 'notSelf', 'is the question merged into');
    if (s.questions[id].answered) throw new InvalidInterviewCommandError(`questionIds[${i}]`, 'notAnswered', 'already answered');
  });
  return [{ type: 'InterviewQuestionsMerged', data: { ...base(command), into, questionIds: [...questionIds] } }];
}

function order(command: OrderQuestions, state: InterviewState): InterviewEvent[] {
  const s = staffIn(command, state, ['scheduled', 'live']);
  listed(s, command.data.questionIds, ['approved'], 'questionIds');
  return [{ type: 'InterviewQuestionsOrdered', data: { ...base(command), questionIds: [...command.data.questionIds] } }];
}

function answer(command: AnswerQuestion, state: InterviewState): InterviewEvent[] {
  const s = staffIn(command, state, ['live']);
  const { questionId, answerId, guest, text, media } = command.data;
  const q = question(command, s, questionId);
  if (q.status !== 'approved') throw new InterviewRuleError('not_approved', `cannot answer: question is ${q.status}`);
  if (!s.guests.includes(guest)) throw new InvalidInterviewCommandError('guest', 'knownGuest', 'not a guest of this interview');
  return [
    {
      type: 'InterviewQuestionAnswered',
      data: { ...base(command), questionId, answerId, guest, text, ...(media?.length ? { media: [...media] } : {}) },
    },
  ];
}

function publishTranscript(command: PublishTranscript, state: InterviewState): InterviewEvent[] {
  const s = staffIn(command, state, ['ended', 'published']);
  // Published already: nothing to append; the caller forwards what a failure left (the route's retry).
  if (s.status === 'published') return [];
  const ids = Object.keys(s.questions);
  const pending = ids.filter((id) => s.questions[id].status === 'pending');
  if (pending.length) {
    throw new InterviewRuleError(
      'questions_pending',
      `cannot publish the transcript: ${pending.length} question(s) still await moderation (approve, reject or merge them; none is lost)`,
    );
  }
  const { summary } = command.data;
  return [
    {
      type: 'InterviewTranscriptPublished',
      data: {
        ...base(command),
        departmentId: s.departmentId,
        ...(summary !== undefined ? { summary } : {}),
        answered: ids.filter((id) => s.questions[id].answered),
        unanswered: ids.filter((id) => isUnanswered(s.questions[id])),
      },
    },
  ];
}

function forward(command: ForwardQuestion, state: InterviewState): InterviewEvent[] {
  const s = scheduled(command, state, ['published']) as Extract<Scheduled, { status: 'published' }>;
  if (command.context.actor.role !== 'system') throw new InterviewForbiddenError('forward', 'the system does');
  const { questionId, petitionId } = command.data;
  const q = question(command, s, questionId);
  if (!s.unanswered.includes(questionId)) {
    throw new InterviewRuleError('not_unanswered', `cannot forward: question ${questionId} was not left unanswered`);
  }
  if (q.forwardedAs === petitionId) return [];
  if (q.forwardedAs !== undefined) {
    throw new InterviewRuleError('already_forwarded', `cannot forward: question ${questionId} is already petition ${q.forwardedAs}`);
  }
  return [{ type: 'InterviewQuestionForwarded', data: { ...base(command), questionId, petitionId, departmentId: s.departmentId } }];
}

/** Pure and total: the events a command produces, or a named InterviewDomainError. */
export function decideInterview(command: InterviewCommand, state: InterviewState): InterviewEvent[] {
  switch (command.type) {
    case 'ScheduleInterview':
      return schedule(command, state);
    case 'SubmitQuestion':
      return submit(command, state);
    case 'ApproveQuestion':
      moderate(command, state);
      return [{ type: 'InterviewQuestionApproved', data: { ...base(command), questionId: command.data.questionId } }];
    case 'RejectQuestion': {
      moderate(command, state);
      const { questionId, reason } = command.data;
      return [{ type: 'InterviewQuestionRejected', data: { ...base(command), questionId, ...(reason !== undefined ? { reason } : {}) } }];
    }
    case 'MergeQuestions':
      return merge(command, state);
    case 'OrderQuestions':
      return order(command, state);
    case 'StartInterview':
      staffIn(command, state, ['scheduled']);
      return [{ type: 'InterviewStarted', data: base(command) }];
    case 'AnswerQuestion':
      return answer(command, state);
    case 'EndInterview':
      staffIn(command, state, ['live']);
      return [{ type: 'InterviewEnded', data: base(command) }];
    case 'PublishTranscript':
      return publishTranscript(command, state);
    case 'ForwardQuestion':
      return forward(command, state);
    default: {
      const never: never = command;
      throw new Error(`unknown command ${(never as { type: string }).type}`);
    }
  }
}

const withQuestion = (state: InterviewState, questionId: string, change: (q: QuestionState) => QuestionState): InterviewState => {
  if (state.status === 'initial' || !Object.hasOwn(state.questions, questionId)) return state;
  return { ...state, questions: { ...state.questions, [questionId]: change(state.questions[questionId]) } };
};

/** Folds one event into the state; never throws and holds no rules (an event that does not fit changes nothing). */
export function evolveInterview(state: InterviewState, event: InterviewEvent): InterviewState {
  switch (event.type) {
    case 'InterviewScheduled': {
      const { interviewId, departmentId, guests, startsAt, endsAt } = event.data;
      return { status: 'scheduled', interviewId, departmentId, guests: guests.map((g) => g.name), startsAt, endsAt, questions: {} };
    }
    case 'InterviewQuestionSubmitted':
      if (state.status === 'initial') return state;
      return { ...state, questions: { ...state.questions, [event.data.questionId]: { status: 'pending', answered: false } } };
    case 'InterviewQuestionApproved':
      return withQuestion(state, event.data.questionId, (q) => ({ ...q, status: 'approved' }));
    case 'InterviewQuestionRejected':
      return withQuestion(state, event.data.questionId, (q) => ({ ...q, status: 'rejected' }));
    case 'InterviewQuestionsMerged':
      return event.data.questionIds.reduce((s, id) => withQuestion(s, id, (q) => ({ ...q, status: 'merged' })), state);
    case 'InterviewQuestionsOrdered':
      return state;
    case 'InterviewStarted':
      return state.status === 'scheduled' ? { ...state, status: 'live' } : state;
    case 'InterviewQuestionAnswered':
      return withQuestion(state, event.data.questionId, (q) => ({ ...q, answered: true }));
    case 'InterviewEnded':
      return state.status === 'live' ? { ...state, status: 'ended' } : state;
    case 'InterviewTranscriptPublished':
      return state.status === 'ended' ? { ...state, status: 'published', unanswered: event.data.unanswered } : state;
    case 'InterviewQuestionForwarded':
      return withQuestion(state, event.data.questionId, (q) => ({ ...q, forwardedAs: event.data.petitionId }));
    default: {
      const never: never = event;
      return never;
    }
  }
}

export type InterviewDecider = Decider<InterviewCommand, InterviewEvent, InterviewState>;

/** The same plain value runs in memory and on any event store. */
export const interviewDecider: InterviewDecider = Object.freeze({
  initialState: initialInterviewState,
  decide: decideInterview,
  evolve: evolveInterview,
  isTerminal: (state: InterviewState) =>
    state.status === 'published' && state.unanswered.every((id) => state.questions[id]?.forwardedAs !== undefined),
});

export const foldInterview = (events: readonly InterviewEvent[], from: InterviewState = initialInterviewState()): InterviewState =>
  events.reduce(evolveInterview, from);
