import { CONSULTATION_COMMAND_TYPES, ConsultationCommand, ConsultationCommandType } from './commands';
import { consultationDecider, foldConsultation } from './decider';
import { ConsultationNotFoundError, ConsultationRuleError, ConsultationStateError } from './errors';
import { ConsultationEventType } from './events';
import { OPINION_ID, T, actors, command, ev, history } from './testing/fixtures';

// Every command, by its proper actor with valid data, in every state reachable by an event history.
const states = {
  initial: history.initial(),
  'open (during)': history.open(),
  closed: history.closed(),
  'closed+overdue': [...history.closed(), ev.overdue()],
  summarised: history.summarised(),
};
type StateName = keyof typeof states;
const STATE_NAMES = Object.keys(states) as StateName[];

// Times chosen so that each command's time rule holds: the state decides.
const commands = {
  PublishConsultation: () =>
    command(
      'PublishConsultation',
      { departmentId: 'dept-water', title: 't', draft: 'd', opensAt: T.opensAt, closesAt: T.closesAt },
      { now: T.published, actor: actors.handler },
    ),
  SubmitOpinion: () =>
    command('SubmitOpinion', { opinionId: 'o-new', text: '意见', private: false }, { now: T.during, actor: actors.anonymous }),
  ModerateOpinion: () =>
    command('ModerateOpinion', { opinionId: OPINION_ID, decision: 'published' }, { now: T.afterClose, actor: actors.handler }),
  CloseConsultation: () => command('CloseConsultation', {}, { now: T.afterClose, actor: actors.system }),
  PublishFeedbackSummary: () =>
    command('PublishFeedbackSummary', { items: [], text: '反馈' }, { now: T.afterClose, actor: actors.handler }),
  MarkSummaryOverdue: () => command('MarkSummaryOverdue', {}, { now: T.overdue, actor: actors.system }),
} satisfies Record<ConsultationCommandType, () => ConsultationCommand>;

type Outcome =
  readonly ConsultationEventType[] | typeof ConsultationStateError | typeof ConsultationNotFoundError | typeof ConsultationRuleError;
const IS = ConsultationStateError;
const NF = ConsultationNotFoundError;

// prettier-ignore
const expected: Record<ConsultationCommandType, readonly Outcome[]> = {
  //                        initial                      open (during)                    closed                          closed+overdue                  summarised
  PublishConsultation:    [['ConsultationPublished'],    IS,                              IS,                             IS,                             IS],
  SubmitOpinion:          [NF,                           ['OpinionSubmitted'],            IS,                             IS,                             IS],
  ModerateOpinion:        [NF,                           ['OpinionModerated'],            ['OpinionModerated'],           ['OpinionModerated'],           ['OpinionModerated']],
  CloseConsultation:      [NF,                           ['ConsultationClosed'],          IS,                             IS,                             IS],
  PublishFeedbackSummary: [NF,                           IS,                              ['FeedbackSummaryPublished'],   ['FeedbackSummaryPublished'],   IS],
  MarkSummaryOverdue:     [NF,                           ['ConsultationSummaryOverdue'],  ['ConsultationSummaryOverdue'], [],                             IS],
};

describe('every consultation command in every state', () => {
  it('covers every command type and every status', () => {
    expect(Object.keys(commands).sort()).toEqual([...CONSULTATION_COMMAND_TYPES].sort());
    expect([...new Set(STATE_NAMES.map((n) => foldConsultation(states[n]).status))].sort()).toEqual([
      'closed',
      'initial',
      'open',
      'summarised',
    ]);
  });

  const cells = CONSULTATION_COMMAND_TYPES.flatMap((name) => STATE_NAMES.map((s, i) => [name, s, expected[name][i]] as const));
  it.each(
    cells.map(
      ([name, s, outcome]) =>
        [name, s, Array.isArray(outcome) ? outcome.join(' + ') || 'nothing' : (outcome as { name: string }).name, outcome] as const,
    ),
  )('%s in %s → %s', (name, s, _label, outcome) => {
    const state = foldConsultation(states[s]);
    if (Array.isArray(outcome)) {
      const events = consultationDecider.decide(commands[name](), state);
      expect(events.map((e) => e.type)).toEqual(outcome);
      expect(JSON.parse(JSON.stringify(events))).toEqual(events);
    } else {
      expect(() => consultationDecider.decide(commands[name](), state)).toThrow(outcome as new (...a: never[]) => Error);
    }
  });
});
