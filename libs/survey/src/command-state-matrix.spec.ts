import { SURVEY_COMMAND_TYPES, SurveyCommand, SurveyCommandType } from './commands';
import { foldSurvey, surveyDecider } from './decider';
import { SurveyNotFoundError, SurveyStateError } from './errors';
import { SurveyEventType } from './events';
import { GOOD_ANSWERS, QUESTIONS, T, actors, command, history } from './testing/fixtures';

// Every command, by its proper actor with valid data, in every state reachable by an event history.
const states = { initial: history.initial(), open: history.open(), closed: history.closed() };
type StateName = keyof typeof states;
const STATE_NAMES = Object.keys(states) as StateName[];

const commands = {
  PublishSurvey: () =>
    command(
      'PublishSurvey',
      { departmentId: 'dept-water', title: 't', questions: QUESTIONS, opensAt: T.opensAt, closesAt: T.closesAt, resultsVisibility: 'live' },
      { now: T.published, actor: actors.handler },
    ),
  RecordSurveyResponse: () =>
    command(
      'RecordSurveyResponse',
      { responseId: 'r-new', respondentKey: 'new-respondent', via: 'account', answers: GOOD_ANSWERS },
      { now: T.during, actor: actors.citizen },
    ),
  CloseSurvey: () => command('CloseSurvey', {}, { now: T.afterClose, actor: actors.system }),
} satisfies Record<SurveyCommandType, () => SurveyCommand>;

type Outcome = readonly SurveyEventType[] | typeof SurveyStateError | typeof SurveyNotFoundError;
const IS = SurveyStateError;
const NF = SurveyNotFoundError;

// prettier-ignore
const expected: Record<SurveyCommandType, readonly Outcome[]> = {
  //                      initial               open                        closed
  PublishSurvey:          [['SurveyPublished'], IS,                         IS],
  RecordSurveyResponse:   [NF,                  ['SurveyResponseRecorded'], IS],
  CloseSurvey:            [NF,                  ['SurveyClosed'],           IS],
};

describe('every survey command in every state', () => {
  it('covers every command type and every status', () => {
    expect(Object.keys(commands).sort()).toEqual([...SURVEY_COMMAND_TYPES].sort());
    expect([...new Set(STATE_NAMES.map((n) => foldSurvey(states[n]).status))].sort()).toEqual(['closed', 'initial', 'open']);
  });

  const cells = SURVEY_COMMAND_TYPES.flatMap((name) => STATE_NAMES.map((s, i) => [name, s, expected[name][i]] as const));
  it.each(
    cells.map(
      ([name, s, outcome]) =>
        [name, s, Array.isArray(outcome) ? outcome.join(' + ') || 'nothing' : (outcome as { name: string }).name, outcome] as const,
    ),
  )('%s in %s → %s', (name, s, _label, outcome) => {
    const state = foldSurvey(states[s]);
    if (Array.isArray(outcome)) {
      const events = surveyDecider.decide(commands[name](), state);
      expect(events.map((e) => e.type)).toEqual(outcome);
      expect(JSON.parse(JSON.stringify(events))).toEqual(events);
    } else {
      expect(() => surveyDecider.decide(commands[name](), state)).toThrow(outcome as new (...a: never[]) => Error);
    }
  });
});
