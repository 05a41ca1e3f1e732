import { INTERVIEW_COMMAND_TYPES, InterviewCommand, InterviewCommandType } from './commands';
import { foldInterview, interviewDecider } from './decider';
import { InterviewNotFoundError, InterviewRuleError, InterviewStateError, InvalidInterviewCommandError } from './errors';
import { InterviewEventType } from './events';
import { Q1, Q2, Q3, T, actors, command, ev, history } from './testing/fixtures';

// Every command, by its proper actor with valid data, in every state reachable by an event history.
const states = {
  initial: history.initial(),
  scheduled: history.scheduled(),
  live: history.live(),
  ended: history.ended(),
  'ended, all moderated': [...history.ended(), ev.rejected(Q3)],
  published: history.published(),
  'published+forwarded': [...history.published(), ev.forwarded(Q2, 'p-2')],
};
type StateName = keyof typeof states;
const STATE_NAMES = Object.keys(states) as StateName[];

const commands = {
  ScheduleInterview: () =>
    command(
      'ScheduleInterview',
      { departmentId: 'dept-water', topic: 't', guests: [{ name: 'g', title: 'x' }], startsAt: T.startsAt, endsAt: T.endsAt },
      { now: T.scheduled, actor: actors.handler },
    ),
  SubmitQuestion: () => command('SubmitQuestion', { questionId: 'q-new', text: '问题' }, { now: T.during, actor: actors.citizen }),
  ApproveQuestion: () => command('ApproveQuestion', { questionId: Q3 }, { now: T.during, actor: actors.handler }),
  RejectQuestion: () => command('RejectQuestion', { questionId: Q3 }, { now: T.during, actor: actors.handler }),
  MergeQuestions: () => command('MergeQuestions', { into: Q2, questionIds: [Q3] }, { now: T.during, actor: actors.handler }),
  OrderQuestions: () => command('OrderQuestions', { questionIds: [Q2, Q1] }, { now: T.during, actor: actors.handler }),
  StartInterview: () => command('StartInterview', {}, { now: T.startsAt, actor: actors.handler }),
  AnswerQuestion: () =>
    command('AnswerQuestion', { questionId: Q2, answerId: 'a-2', guest: '王建国', text: '答' }, { now: T.during, actor: actors.handler }),
  EndInterview: () => command('EndInterview', {}, { now: T.endsAt, actor: actors.handler }),
  PublishTranscript: () => command('PublishTranscript', {}, { now: T.after, actor: actors.handler }),
  ForwardQuestion: () => command('ForwardQuestion', { questionId: Q2, petitionId: 'p-2' }, { now: T.after, actor: actors.system }),
} satisfies Record<InterviewCommandType, () => InterviewCommand>;

type Outcome =
  | readonly InterviewEventType[]
  | typeof InterviewStateError
  | typeof InterviewNotFoundError
  | typeof InterviewRuleError
  | typeof InvalidInterviewCommandError;
const IS = InterviewStateError;
const NF = InterviewNotFoundError;
const RV = InterviewRuleError;
const IV = InvalidInterviewCommandError;

// prettier-ignore
const expected: Record<InterviewCommandType, readonly Outcome[]> = {
  //                   initial                 scheduled                         live                              ended                             ended, all moderated                published                           published+forwarded
  ScheduleInterview:  [['InterviewScheduled'], IS,                               IS,                               IS,                               IS,                               IS,                                  IS],
  SubmitQuestion:     [NF,                     ['InterviewQuestionSubmitted'],   ['InterviewQuestionSubmitted'],   IS,                               IS,                               IS,                                  IS],
  ApproveQuestion:    [NF,                     ['InterviewQuestionApproved'],    ['InterviewQuestionApproved'],    ['InterviewQuestionApproved'],    RV,                               IS,                                  IS],
  RejectQuestion:     [NF,                     ['InterviewQuestionRejected'],    ['InterviewQuestionRejected'],    ['InterviewQuestionRejected'],    RV,                               IS,                                  IS],
  MergeQuestions:     [NF,                     ['InterviewQuestionsMerged'],     ['InterviewQuestionsMerged'],     ['InterviewQuestionsMerged'],     IV,                               IS,                                  IS],
  OrderQuestions:     [NF,                     ['InterviewQuestionsOrdered'],    ['InterviewQuestionsOrdered'],    IS,                               IS,                               IS,                                  IS],
  StartInterview:     [NF,                     ['InterviewStarted'],             IS,                               IS,                               IS,                               IS,                                  IS],
  AnswerQuestion:     [NF,                     IS,                               ['InterviewQuestionAnswered'],    IS,                               IS,                               IS,                                  IS],
  EndInterview:       [NF,                     IS,                               ['InterviewEnded'],               IS,                               IS,                               IS,                                  IS],
  PublishTranscript:  [NF,                     IS,                               IS,                               RV,                               ['InterviewTranscriptPublished'], [],                                  []],
  ForwardQuestion:    [NF,                     IS,                               IS,                               IS,                               IS,                               ['InterviewQuestionForwarded'],      []],
};

describe('every interview command in every state', () => {
  it('covers every command type and every status', () => {
    expect(Object.keys(commands).sort()).toEqual([...INTERVIEW_COMMAND_TYPES].sort());
    expect([...new Set(STATE_NAMES.map((n) => foldInterview(states[n]).status))].sort()).toEqual([
      'ended',
      'initial',
      'live',
      'published',
      'scheduled',
    ]);
  });

  const cells = INTERVIEW_COMMAND_TYPES.flatMap((name) => STATE_NAMES.map((s, i) => [name, s, expected[name][i]] as const));
  it.each(
    cells.map(
      ([name, s, outcome]) =>
        [name, s, Array.isArray(outcome) ? outcome.join(' + ') || 'nothing' : (outcome as { name: string }).name, outcome] as const,
    ),
  )('%s in %s → %s', (name, s, _label, outcome) => {
    const state = foldInterview(states[s]);
    if (Array.isArray(outcome)) {
      const events = interviewDecider.decide(commands[name](), state);
      expect(events.map((e) => e.type)).toEqual(outcome);
      expect(JSON.parse(JSON.stringify(events))).toEqual(events);
    } else {
      expect(() => interviewDecider.decide(commands[name](), state)).toThrow(outcome as new (...a: never[]) => Error);
    }
  });
});
