import { DeciderSpecification } from '../../consultation/src/testing/decider-spec';
import { surveyDecider } from './decider';
import { InvalidSurveyCommandError, SurveyForbiddenError, SurveyNotFoundError, SurveyRuleError, SurveyStateError } from './errors';
import { SurveyAnswer, SurveyQuestion } from './events';
import { resultsPublic } from './policy';
import { GOOD_ANSWERS, QUESTIONS, RESPONDENT, RESPONSE_ID, SURVEY_ID, T, actors, command, ev, history, local } from './testing/fixtures';

const given = DeciderSpecification.for(surveyDecider);

describe('PublishSurvey', () => {
  const publish = (
    o: Partial<{ opensAt: Date; closesAt: Date; questions: readonly SurveyQuestion[] }> = {},
    actor: (typeof actors)[keyof typeof actors] = actors.handler,
  ) =>
    command(
      'PublishSurvey',
      {
        departmentId: 'dept-water',
        title: '供水服务满意度调查',
        questions: o.questions ?? QUESTIONS,
        opensAt: o.opensAt ?? T.opensAt,
        closesAt: o.closesAt ?? T.closesAt,
        resultsVisibility: 'live',
      },
      { now: T.published, actor },
    );

  it('publishes the questions and the period', () => given([]).when(publish()).then([ev.published()]));
  it('an administrator may publish for any department', () => given([]).when(publish({}, actors.admin)).then([ev.published()]));
  it('staff of another department may not', () => given([]).when(publish({}, actors.otherHandler)).thenThrows(SurveyForbiddenError));
  it('a citizen may not', () => given([]).when(publish({}, actors.citizen)).thenThrows(SurveyForbiddenError));
  it('closesAt must follow opensAt', () =>
    given([])
      .when(publish({ closesAt: T.opensAt }))
      .thenThrows(InvalidSurveyCommandError, /^closesAt: must be after opensAt/));
  it('closesAt must be in the future', () =>
    given([])
      .when(publish({ opensAt: local('2026-02-01T00:00'), closesAt: local('2026-03-01T00:00') }))
      .thenThrows(InvalidSurveyCommandError, /^closesAt: must be in the future/));
  it('at least one question', () =>
    given([])
      .when(publish({ questions: [] }))
      .thenThrows(InvalidSurveyCommandError, /^questions: at least one/));
  it('question ids are unique', () =>
    given([])
      .when(publish({ questions: [QUESTIONS[0], { ...QUESTIONS[2], id: 'q1' }] }))
      .thenThrows(InvalidSurveyCommandError, /^questions\[1\]\.id: "q1" is used twice/));
  it('a choice question needs two options', () =>
    given([])
      .when(publish({ questions: [{ ...QUESTIONS[0], options: ['是'] }] }))
      .thenThrows(InvalidSurveyCommandError, /^questions\[0\]\.options: 2 to/));
  it('a scale question has none', () =>
    given([])
      .when(publish({ questions: [{ ...QUESTIONS[2], options: ['a', 'b'] }] }))
      .thenThrows(InvalidSurveyCommandError, /^questions\[0\]\.options: a scale question has no options/));
  it('only once', () =>
    given(history.open())
      .when(publish())
      .thenThrows(SurveyStateError, /survey is open/));
});

describe('RecordSurveyResponse', () => {
  const respond = (answers: readonly SurveyAnswer[] = GOOD_ANSWERS, o: { now?: Date; respondentKey?: string; responseId?: string } = {}) =>
    command(
      'RecordSurveyResponse',
      { responseId: o.responseId ?? 'r-new', respondentKey: o.respondentKey ?? 'someone-new', via: 'phone', answers },
      { now: o.now ?? T.during, actor: actors.citizen },
    );
  const invalid = (answers: readonly SurveyAnswer[], message: RegExp) =>
    given([ev.published()]).when(respond(answers)).thenThrows(InvalidSurveyCommandError, message);

  it('records the answers of a new respondent during the period', () =>
    given([ev.published()])
      .when(respond())
      .then([
        {
          type: 'SurveyResponseRecorded',
          data: {
            surveyId: SURVEY_ID,
            at: T.during.toISOString(),
            responseId: 'r-new',
            respondentKey: 'someone-new',
            via: 'phone',
            answers: GOOD_ANSWERS,
          },
        },
      ]));

  it('optional questions may be left out; choices are stored in order', () => {
    const [e] = surveyDecider.decide(
      respond([
        { questionId: 'q3', scale: 1 },
        { questionId: 'q2', choices: [2, 0] },
        { questionId: 'q1', choices: [1] },
      ]),
      surveyDecider.evolve(surveyDecider.initialState(), ev.published()),
    );
    expect((e.data as unknown as { answers: SurveyAnswer[] }).answers[1]).toEqual({ questionId: 'q2', choices: [0, 2] });
  });

  it('a second response by the same respondent is refused (409)', () =>
    given(history.open())
      .when(respond(GOOD_ANSWERS, { respondentKey: RESPONDENT }))
      .thenThrows(SurveyRuleError, /already answered/));
  it('the same response id again (a retry) appends nothing', () =>
    given(history.open())
      .when(respond(GOOD_ANSWERS, { respondentKey: RESPONDENT, responseId: RESPONSE_ID }))
      .thenNothing());
  it('not before the period opens (409)', () =>
    given([ev.published()])
      .when(respond(GOOD_ANSWERS, { now: local('2026-03-02T08:59') }))
      .thenThrows(SurveyRuleError, /responses are taken from/));
  it('not at closesAt, even before the survey is closed (409)', () =>
    given([ev.published()])
      .when(respond(GOOD_ANSWERS, { now: T.closesAt }))
      .thenThrows(SurveyRuleError, /responses are taken from/));
  it('not once closed', () =>
    given(history.closed())
      .when(respond())
      .thenThrows(SurveyStateError, /survey is closed/));
  it('not on a survey never published (404)', () => given([]).when(respond()).thenThrows(SurveyNotFoundError));

  it('an answer to a question that does not exist (400 naming it)', () =>
    invalid([...GOOD_ANSWERS, { questionId: 'q9', scale: 3 }], /^answers\[4\]\.questionId: no question "q9"/));
  it('a question answered twice', () =>
    invalid([...GOOD_ANSWERS, { questionId: 'q1', choices: [1] }], /^answers\[4\]\.questionId: .*twice/));
  it('single: exactly one option', () =>
    invalid([{ questionId: 'q1', choices: [0, 1] }, GOOD_ANSWERS[2]], /^answers\[0\]\.choices: exactly one/));
  it('an option out of range', () =>
    invalid([{ questionId: 'q1', choices: [2] }, GOOD_ANSWERS[2]], /^answers\[0\]\.choices: option 2 does not exist/));
  it('multiple: at least one, none twice', () => {
    invalid([GOOD_ANSWERS[0], { questionId: 'q2', choices: [] }, GOOD_ANSWERS[2]], /^answers\[1\]\.choices: at least one/);
    invalid([GOOD_ANSWERS[0], { questionId: 'q2', choices: [1, 1] }, GOOD_ANSWERS[2]], /^answers\[1\]\.choices: an option chosen twice/);
  });
  it('scale: a whole number 1–5', () => {
    invalid([GOOD_ANSWERS[0], { questionId: 'q3', scale: 6 }], /^answers\[1\]\.scale: a whole number from 1 to 5/);
    invalid([GOOD_ANSWERS[0], { questionId: 'q3', scale: 2.5 }], /^answers\[1\]\.scale/);
    invalid([GOOD_ANSWERS[0], { questionId: 'q3', scale: 0 }], /^answers\[1\]\.scale/);
  });
  it('the wrong kind of value', () =>
    invalid([GOOD_ANSWERS[0], { questionId: 'q3', text: '5' }], /^answers\[1\]\.text: not an answer to a scale question/));
  it('text: not blank', () => invalid([GOOD_ANSWERS[0], GOOD_ANSWERS[2], { questionId: 'q4', text: '  ' }], /^answers\[2\]\.text: 1 to/));
  it('a required question left out', () => invalid([GOOD_ANSWERS[0]], /^answers: question "q3" is required/));
});

describe('CloseSurvey', () => {
  it('staff end a survey early', () =>
    given(history.open())
      .when(command('CloseSurvey', {}, { now: T.during, actor: actors.handler }))
      .then([{ type: 'SurveyClosed', data: { surveyId: SURVEY_ID, at: T.during.toISOString(), automatic: false } }]));
  it('the system closes once the period is over', () =>
    given(history.open())
      .when(command('CloseSurvey', {}, { now: T.afterClose, actor: actors.system }))
      .then([ev.closed()]));
  it('the system not before', () =>
    given(history.open())
      .when(command('CloseSurvey', {}, { now: T.during, actor: actors.system }))
      .thenThrows(SurveyRuleError, /period runs until/));
  it('another department may not', () =>
    given(history.open())
      .when(command('CloseSurvey', {}, { now: T.afterClose, actor: actors.otherHandler }))
      .thenThrows(SurveyForbiddenError));
  it('another department is refused before the status is looked at (403, not 409, on a closed survey)', () =>
    given(history.closed())
      .when(command('CloseSurvey', {}, { now: T.afterClose, actor: actors.otherHandler }))
      .thenThrows(SurveyForbiddenError));
});

describe('resultsPublic', () => {
  const s = { closesAt: T.closesAt.toISOString(), status: 'open' };
  it('live: at once', () => expect(resultsPublic({ ...s, resultsVisibility: 'live' }, T.during)).toBe(true));
  it('after_close: once closed or the period over', () => {
    expect(resultsPublic({ ...s, resultsVisibility: 'after_close' }, T.during)).toBe(false);
    expect(resultsPublic({ ...s, resultsVisibility: 'after_close' }, T.afterClose)).toBe(true);
    expect(resultsPublic({ ...s, status: 'closed', resultsVisibility: 'after_close' }, T.during)).toBe(true);
  });
  it('staff: never', () => expect(resultsPublic({ ...s, status: 'closed', resultsVisibility: 'staff' }, T.afterClose)).toBe(false));
});
