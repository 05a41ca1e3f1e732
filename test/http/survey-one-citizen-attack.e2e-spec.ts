import { WrongExpectedVersionError, type AppendOptions, type EventStore, type EventToAppend } from '@wenzheng/event-store';
import { EVENT_STORE } from '@wenzheng/platform';
import { surveyStream } from '@wenzheng/survey';
import { SMS_GATEWAY, SmsGateway, SmsMessage } from '@wenzheng/workers';
import { createTestApp, TestApp } from '../setup/app';
import { shanghai, useFakeClock } from '../setup/clock';
import { Tokens, tokens } from '../setup/petitions';
import { bearer, mintToken } from '../setup/tokens';

// One response per citizen (participation.md): a signed-in citizen whose token carries a phone the
// issuer verified and that phone answering by SMS code are one respondent, whichever comes first,
// and also when both come at once. A phone the token does not say is verified counts for nothing.

let t: TestApp;
let tk: Tokens;
let id: string;
const sent: SmsMessage[] = [];
const ANSWERS = [{ questionId: 'q1', choices: [0] }];

const respond = (token: string | undefined, body: object = {}) =>
  t
    .http()
    .post(`/api/surveys/${id}/responses`)
    .set(token ? bearer(token) : {})
    .send({ answers: ANSWERS, ...body });
const citizen = (sub: string, standard?: Record<string, unknown>) => mintToken({ roles: ['citizen'], sub, standard });
const verified = (sub: string, phone: string) => citizen(sub, { phone_number: phone, phone_number_verified: true });
/** Asks a code for `phone` (written as given) and returns it, read off the SMS sent to its 11 digits. */
const codeFor = async (phone: string) => {
  await t.http().post(`/api/surveys/${id}/phone-codes`).send({ phone }).expect(202);
  const digits = phone.replace(/\D/g, '').slice(-11);
  return /(\d{6})/.exec([...sent].reverse().find((s) => s.to === digits)?.text ?? '')?.[1] ?? '';
};
const responses = async () =>
  (
    await t.runtime.pool.query<{ data: Record<string, unknown> }>(
      `select data from wz_es.events where stream_id = $1 and type = 'SurveyResponseRecorded' order by global_position`,
      [surveyStream(id)],
    )
  ).rows.map((r) => r.data);
const alreadyResponded = (r: { status: number; body: { rule?: string; message?: string } }) => {
  expect(r.status).toBe(409);
  expect(r.body.rule).toBe('already_responded');
};

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  useFakeClock(t.app, shanghai('2026-10-12T09:00:00'));
  jest.spyOn(t.app.get<SmsGateway>(SMS_GATEWAY), 'send').mockImplementation(async (m) => {
    sent.push(m);
    return { messageId: m.key };
  });
  const r = await t
    .http()
    .post('/api/surveys')
    .set(bearer(tk.handlerA))
    .send({
      title: '公交线路调整意见调查',
      questions: [{ id: 'q1', kind: 'single', text: '是否支持调整？', options: ['支持', '不支持'] }],
      opensAt: '2026-10-12',
      closesAt: '2026-10-23',
      resultsVisibility: 'live',
    })
    .expect(201);
  id = r.body.id;
});
afterAll(async () => {
  jest.restoreAllMocks();
  await t?.close();
});

describe('a signed-in citizen and the phone the issuer verified are one respondent', () => {
  it('a phone that answered by SMS code: the account with it verified (+86, dashed) is refused, nothing appended', async () => {
    await respond(undefined, { phone: '13800138000', code: await codeFor('13800138000') }).expect(201);
    const before = (await responses()).length;
    alreadyResponded(await respond(await verified('citizen-wang-1', '+86 138-0013-8000')));
    alreadyResponded(await respond(await verified('citizen-wang-2', '+8613800138000')));
    expect(await responses()).toHaveLength(before);
  });

  it('an account with a verified phone answered: that phone by SMS code is refused; the event names neither in clear', async () => {
    await respond(await verified('citizen-zhou-1', '+8613900139000')).expect(201);
    alreadyResponded(await respond(undefined, { phone: '139 0013 9000', code: await codeFor('139 0013 9000') }));
    const last = (await responses()).at(-1)!;
    expect(last.otherKeys).toEqual([expect.any(String)]);
    expect(last.otherKeys).not.toContain(last.respondentKey);
    const stored = JSON.stringify(await responses());
    for (const clear of ['13900139000', 'citizen-zhou-1']) expect(stored).not.toContain(clear);
  });

  it.each([
    ['phone_number_verified false', { phone_number: '13800138000', phone_number_verified: false }],
    ['phone_number_verified "true" (a string)', { phone_number: '13800138000', phone_number_verified: 'true' }],
    ['phone_number_verified 1', { phone_number: '13800138000', phone_number_verified: 1 }],
    ['no phone_number_verified', { phone_number: '13800138000' }],
    ['a verified phone_number that is no string', { phone_number: 13800138000, phone_number_verified: true }],
    ['a verified number with a zero-width space', { phone_number: '138\u200b0013 8000', phone_number_verified: true }],
    ['a verified number in full-width digits', { phone_number: '１３８００１３８０００', phone_number_verified: true }],
    // +1 391 234 5678 is not 139 1234 5678, though its digits are.
    ['a verified foreign number', { phone_number: '+1 380 013 8000', phone_number_verified: true }],
  ])('%s: the phone does not count; the account answers as before, claiming no phone', async (name, standard) => {
    const r = await respond(await citizen(`citizen-${name}`, standard)).expect(201);
    const recorded = (await responses()).find((e) => e.responseId === r.body.responseId)!;
    expect(Object.hasOwn(recorded, 'otherKeys')).toBe(false);
  });

  it('a verified landline claims nothing (no code reaches it, so no response by code shares it)', async () => {
    const r = await respond(await verified('citizen-landline', '0577 88123456')).expect(201);
    expect(
      Object.hasOwn(
        (await responses()).find((e) => e.responseId === r.body.responseId)!,
        'otherKeys',
      ),
    ).toBe(false);
  });

  it('a token without a phone: the account answers once, as before', async () => {
    const token = await citizen('citizen-plain');
    await respond(token).expect(201);
    alreadyResponded(await respond(token));
  });

  it('at once, signed in and by code with the same phone, both deciding on the same stream: one answers, the other is refused', async () => {
    const code = await codeFor('13700137000');
    const account = await verified('citizen-race', '+86 137 0013 7000');
    // Holds the first two appends to this survey until both have come: each was decided on the
    // same stream, so without the shared key both would be first responses.
    const store = t.app.get<EventStore>(EVENT_STORE);
    const append = store.appendToStream.bind(store);
    const arrived: (() => void)[] = [];
    let conflicts = 0;
    const spy = jest
      .spyOn(store, 'appendToStream')
      .mockImplementation(async (stream: string, events: readonly EventToAppend[], options?: AppendOptions) => {
        if (stream === surveyStream(id) && arrived.length < 2) {
          await new Promise<void>((go) => {
            arrived.push(go);
            if (arrived.length === 2) arrived.forEach((release) => release());
          });
        }
        try {
          return await append(stream, events, options);
        } catch (e) {
          if (e instanceof WrongExpectedVersionError) conflicts++;
          throw e;
        }
      });
    const before = (await responses()).length;
    try {
      const [a, b] = await Promise.all([respond(account), respond(undefined, { phone: '13700137000', code })]);
      // The store refused the loser's append; deciding again on the fresh stream, it was refused.
      expect(conflicts).toBe(1);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      alreadyResponded([a, b].find((r) => r.status === 409)!);
    } finally {
      spy.mockRestore();
    }
    expect(await responses()).toHaveLength(before + 1);
  });
});
