import { DeciderSpecification } from '../../consultation/src/testing/decider-spec';
import { InvalidSurveyCommandError, SurveyForbiddenError, SurveyNotFoundError, SurveyRuleError, SurveyStateError } from './errors';
import { InMemoryEventStore, WrongExpectedVersionError } from '@wenzheng/event-store';
import { foldSurvey, surveyDecider } from './decider';
import { SurveyAnswer, SurveyEvent, SurveyQuestion, surveyStream } from './events';
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
  describe('one response per citizen: an account and the phone its issuer verified are one respondent', () => {
    const ACCOUNT = 'hmac-of-sub';
    const PHONE = 'hmac-of-phone';
    const byAccount = (o: { otherKeys?: string[]; respondentKey?: string } = {}) =>
      command(
        'RecordSurveyResponse',
        {
          responseId: 'r-account',
          respondentKey: o.respondentKey ?? ACCOUNT,
          otherKeys: o.otherKeys ?? [PHONE],
          via: 'account',
          answers: GOOD_ANSWERS,
        },
        { now: T.during, actor: actors.citizen },
      );

    it('the response claims the phone too: the event carries it as another key', () =>
      given([ev.published()])
        .when(byAccount())
        .then([ev.response({ responseId: 'r-account', respondentKey: ACCOUNT, otherKeys: [PHONE] })]));
    it('an account whose verified phone answered by SMS code is refused (409)', () =>
      given([ev.published(), ev.response({ respondentKey: PHONE, via: 'phone' })])
        .when(byAccount())
        .thenThrows(SurveyRuleError, /already answered/));
    it('the phone by SMS code is refused once an account with it verified answered (409)', () =>
      given([ev.published(), ev.response({ respondentKey: ACCOUNT, otherKeys: [PHONE] })])
        .when(respond(GOOD_ANSWERS, { respondentKey: PHONE }))
        .thenThrows(SurveyRuleError, /already answered/));
    it('another account with the same verified phone is refused too (409)', () =>
      given([ev.published(), ev.response({ respondentKey: ACCOUNT, otherKeys: [PHONE] })])
        .when(byAccount({ respondentKey: 'hmac-of-another-sub' }))
        .thenThrows(SurveyRuleError, /already answered/));
    it('an older response without otherKeys folds and still counts by its respondentKey', () => {
      given([ev.published(), ev.response({ respondentKey: ACCOUNT })])
        .when(byAccount({ otherKeys: ['hmac-of-a-new-phone'] }))
        .thenThrows(SurveyRuleError, /already answered/);
      // It claimed no phone: the phone by code is a first response (nothing tells whose it is).
      expect(
        surveyDecider.decide(
          respond(GOOD_ANSWERS, { respondentKey: PHONE }),
          foldSurvey([ev.published(), ev.response({ respondentKey: ACCOUNT })]),
        ),
      ).toHaveLength(1);
    });
    it('no other key: the event is as before (no otherKeys field)', () => {
      const [e] = surveyDecider.decide(byAccount({ otherKeys: [] }), surveyDecider.evolve(surveyDecider.initialState(), ev.published()));
      expect(Object.hasOwn(e.data, 'otherKeys')).toBe(false);
    });

    it('two at once on one stream (signed in, and by code with the same phone): the append that loses decides again and is refused', async () => {
      const store = new InMemoryEventStore();
      const stream = surveyStream(SURVEY_ID);
      await store.appendToStream(stream, [{ type: ev.published().type, data: ev.published().data }], { expectedRevision: 'no_stream' });
      const load = async () => {
        const recorded = await store.readStream(stream);
        return {
          revision: recorded.at(-1)!.revision,
          state: foldSurvey(recorded.map((r) => ({ type: r.type, data: r.data }) as SurveyEvent)),
        };
      };
      const append = (events: SurveyEvent[], expectedRevision: bigint) =>
        store.appendToStream(
          stream,
          events.map((e) => ({ type: e.type, data: e.data })),
          { expectedRevision },
        );
      const account = byAccount();
      const phone = respond(GOOD_ANSWERS, { respondentKey: PHONE, responseId: 'r-phone' });
      // Both read the stream before either writes: each alone is a first response.
      const [a, b] = [await load(), await load()];
      const [fromAccount, fromPhone] = [surveyDecider.decide(account, a.state), surveyDecider.decide(phone, b.state)];
      await append(fromAccount, a.revision);
      await expect(append(fromPhone, b.revision)).rejects.toBeInstanceOf(WrongExpectedVersionError);
      const fresh = await load();
      expect(() => surveyDecider.decide(phone, fresh.state)).toThrow(/already answered/);
      expect((await store.readStream(stream)).filter((r) => r.type === 'SurveyResponseRecorded')).toHaveLength(1);
    });
  });

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
