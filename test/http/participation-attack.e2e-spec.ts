import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMS_GATEWAY, SmsGateway, SmsMessage } from '@wenzheng/workers';
import { forwardedPetitionId } from '../../apps/api/src/interviews/forward/interview-forwarder';
import { CitizenCredentials } from '../../apps/api/src/petitions/shared/citizen-credentials';
import { createTestApp, TestApp } from '../setup/app';
import { Tokens, submission, tokens } from '../setup/petitions';
import { bearer, mintToken } from '../setup/tokens';

// The attacker's pass over the participation routes (意见征集, 网上调查, 在线访谈; issue 17): who may
// call each, with which ids, which bodies, how many at once, and what the public may ever read.
// Every answer is a 4xx naming the field or the rule, or the documented success; nothing is
// appended by a refused call; no personal data on a public route or in an error.

const PHONE = '13912345678';
const SECRET_PHONE = '13700009999';
const CITIZEN_SUB = 'citizen-attack-zhang';

let t: TestApp;
let tk: Tokens;
let citizen: string;
let base: string;
const sent: SmsMessage[] = [];
/** Owned by department A (tk.handlerA). */
const ids = { consultation: '', opinion: '', survey: '', interview: '', question: '', otherInterview: '', otherQuestion: '' };

const post = (path: string, token: string | undefined, body: object = {}) =>
  t
    .http()
    .post(path)
    .set(token ? bearer(token) : {})
    .send(body);
const get = (path: string, token?: string) =>
  t
    .http()
    .get(path)
    .set(token ? bearer(token) : {});
const eventCount = async () => Number((await t.runtime.pool.query(`select count(*) from wz_es.events`)).rows[0].count);
const eventsOfType = async (type: string) =>
  Number((await t.runtime.pool.query(`select count(*) from wz_es.events where type = $1`, [type])).rows[0].count);
const codeFor = (phone: string) => /(\d{6})/.exec([...sent].reverse().find((s) => s.to === phone)?.text ?? '')?.[1] ?? '';
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
/** YYYY-MM-DD in Asia/Shanghai, `days` from today. */
const localDate = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

const SURVEY = {
  title: '供水服务满意度调查',
  questions: [
    { id: 'q1', kind: 'single', text: '是否满意？', options: ['满意', '不满意'] },
    { id: 'q2', kind: 'text', text: '其他建议', required: false },
  ],
  opensAt: localDate(0),
  closesAt: localDate(10),
  resultsVisibility: 'live',
};
const ANSWERS = [{ questionId: 'q1', choices: [0] }];
const INTERVIEW = { topic: '城市供水保障', guests: [{ name: '王建国', title: '市水务局局长' }], startsAt: inHours(1), endsAt: inHours(3) };

/** Reads an event stream for `ms` and returns what arrived (as a browser's EventSource would). */
async function readStream(path: string, ms: number): Promise<{ status: number; text: string }> {
  const controller = new AbortController();
  const res = await fetch(`${base}${path}`, { signal: controller.signal });
  let text = '';
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) text += Buffer.from(chunk).toString('utf8');
  } catch (e) {
    if ((e as Error).name !== 'AbortError') throw e;
  } finally {
    clearTimeout(timer);
  }
  return { status: res.status, text };
}

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  citizen = await mintToken({ roles: ['citizen'], sub: CITIZEN_SUB });
  jest.spyOn(t.app.get<SmsGateway>(SMS_GATEWAY), 'send').mockImplementation(async (m) => {
    sent.push(m);
    return { messageId: m.key };
  });
  const server = t.app.getHttpServer();
  if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;

  ids.consultation = (
    await post('/api/consultations', tk.handlerA, {
      title: '供水条例征求意见',
      draft: '第一条 ……',
      opensAt: localDate(0),
      closesAt: localDate(10),
    }).expect(201)
  ).body.id;
  ids.opinion = (
    await post(`/api/consultations/${ids.consultation}/opinions`, undefined, { text: '建议延长听证期' }).expect(201)
  ).body.opinionId;
  ids.survey = (await post('/api/surveys', tk.handlerA, SURVEY).expect(201)).body.id;
  ids.interview = (await post('/api/interviews', tk.handlerA, INTERVIEW).expect(201)).body.id;
  ids.question = (
    await post(`/api/interviews/${ids.interview}/questions`, undefined, { text: '管网何时改造？' }).expect(201)
  ).body.questionId;
  ids.otherInterview = (await post('/api/interviews', tk.handlerB, { ...INTERVIEW, topic: '公交线路优化' }).expect(201)).body.id;
  ids.otherQuestion = (
    await post(`/api/interviews/${ids.otherInterview}/questions`, undefined, { text: '公交何时加密？' }).expect(201)
  ).body.questionId;
});
afterAll(async () => {
  jest.restoreAllMocks();
  await t?.close();
});

/** Every staff route of the three, with a body that would pass validation. */
const staffRoutes = (): [string, string, object?][] => {
  const { consultation: c, opinion: o, survey: s, interview: i, question: q } = ids;
  return [
    ['POST', '/api/consultations', { title: '草案', draft: '正文', opensAt: localDate(0), closesAt: localDate(5) }],
    ['GET', '/api/consultations'],
    ['GET', `/api/consultations/${c}`],
    ['POST', `/api/consultations/${c}/opinions/${o}/moderation`, { decision: 'published' }],
    ['POST', `/api/consultations/${c}/close`, {}],
    ['POST', `/api/consultations/${c}/summary`, { items: [], text: '小结' }],
    ['POST', '/api/surveys', SURVEY],
    ['GET', '/api/surveys'],
    ['GET', `/api/surveys/${s}`],
    ['GET', `/api/surveys/${s}/export?format=csv`],
    ['POST', `/api/surveys/${s}/close`, {}],
    ['POST', '/api/interviews', INTERVIEW],
    ['GET', '/api/interviews'],
    ['GET', `/api/interviews/${i}`],
    ['POST', `/api/interviews/${i}/questions/${q}/moderation`, { decision: 'approved' }],
    ['POST', `/api/interviews/${i}/merges`, { into: q, questionIds: [randomUUID()] }],
    ['POST', `/api/interviews/${i}/order`, { questionIds: [q] }],
    ['POST', `/api/interviews/${i}/start`, {}],
    ['POST', `/api/interviews/${i}/questions/${q}/answers`, { guest: '王建国', text: '答' }],
    ['POST', `/api/interviews/${i}/end`, {}],
    ['POST', `/api/interviews/${i}/transcript`, {}],
  ];
};
const call = (method: string, path: string, token: string | undefined, body?: object) =>
  method === 'GET' ? get(path, token) : post(path, token, body);

describe('who may call the staff routes', () => {
  it('anonymous: 401 on every staff route, nothing appended', async () => {
    const before = await eventCount();
    for (const [method, path, body] of staffRoutes()) {
      const r = await call(method, path, undefined, body);
      expect([method, path, r.status]).toEqual([method, path, 401]);
    }
    expect(await eventCount()).toBe(before);
  });

  it('a citizen, a reviewer: 403 on every staff route, nothing appended', async () => {
    const before = await eventCount();
    for (const token of [citizen, tk.reviewer])
      for (const [method, path, body] of staffRoutes()) {
        const r = await call(method, path, token, body);
        expect([method, path, r.status]).toEqual([method, path, 403]);
      }
    expect(await eventCount()).toBe(before);
  });

  it("another department's staff: 403 on every route of department A's consultation, survey and interview, whatever its state; nothing appended", async () => {
    const before = await eventCount();
    const own = staffRoutes().filter(([, path]) => /\/[0-9a-f-]{36}/.test(path));
    for (const [method, path, body] of own) {
      const r = await call(method, path, tk.handlerB, body);
      expect([method, path, r.status]).toEqual([method, path, 403]);
      expect(r.body.message).toMatch(/staff of the department/);
    }
    expect(await eventCount()).toBe(before);
  });

  it('the auditor reads the consultation stream; a handler may not', async () => {
    await get(`/api/audit/consultations/${ids.consultation}/events`, tk.auditor).expect(200);
    await get(`/api/audit/consultations/${ids.consultation}/events`, tk.handlerA).expect(403);
    await get(`/api/audit/consultations/${ids.consultation}/events`).expect(401);
  });
});

describe('malformed text: 400 naming the field, nothing appended', () => {
  const BAD: [string, string, RegExp][] = [
    ['a lone surrogate', 'abc\ud800def', /valid Unicode/],
    ['invisible characters only', '\u200b\u2060\u200b', /visible text/],
    ['a right-to-left override', '正常文字\u202Eexe.txt', /control characters/],
  ];
  const fields = (): [string, string, string | undefined, (v: string) => object, string, number][] => [
    ['an opinion', `/api/consultations/${ids.consultation}/opinions`, undefined, (v) => ({ text: v }), 'text', 5000],
    ['an interview question', `/api/interviews/${ids.interview}/questions`, undefined, (v) => ({ text: v }), 'text', 2000],
    [
      'a survey free-text answer',
      `/api/surveys/${ids.survey}/responses`,
      citizen,
      (v) => ({ answers: [...ANSWERS, { questionId: 'q2', text: v }] }),
      'answers.1.text',
      2000,
    ],
    [
      'a survey option',
      '/api/surveys',
      tk.handlerA,
      (v) => ({ ...SURVEY, questions: [{ ...SURVEY.questions[0], options: ['满意', v] }] }),
      'questions.0.options',
      200,
    ],
    [
      'a consultation title',
      '/api/consultations',
      tk.handlerA,
      (v) => ({ title: v, draft: '正文', opensAt: localDate(0), closesAt: localDate(5) }),
      'title',
      200,
    ],
    [
      'an interview guest',
      '/api/interviews',
      tk.handlerA,
      (v) => ({ ...INTERVIEW, guests: [{ name: v, title: '局长' }] }),
      'guests.0.name',
      50,
    ],
  ];

  it.each(BAD)('%s', async (_name, value, rule) => {
    const before = await eventCount();
    for (const [what, path, token, body, field] of fields()) {
      const r = await post(path, token, body(value));
      expect([what, r.status]).toEqual([what, 400]);
      expect([what, JSON.stringify(r.body)]).toEqual([what, expect.stringMatching(rule)]);
      const named = [r.body.message, ...(r.body.details ?? []).map((d: { field: string }) => d.field)].join(' ');
      expect([what, named.replace(/\[(\d+)\]/g, '.$1')]).toEqual([what, expect.stringContaining(field)]);
    }
    expect(await eventCount()).toBe(before);
  });

  it('overlong text', async () => {
    const before = await eventCount();
    for (const [what, path, token, body, field, max] of fields()) {
      const r = await post(path, token, body('长'.repeat(max + 1)));
      expect([what, r.status]).toEqual([what, 400]);
      expect([what, JSON.stringify(r.body).replace(/\[(\d+)\]/g, '.$1')]).toEqual([what, expect.stringContaining(field)]);
    }
    expect(await eventCount()).toBe(before);
  });
});

describe('one Idempotency-Key, many requests', () => {
  it.each([
    ['an opinion', () => `/api/consultations/${ids.consultation}/opinions`, () => ({ text: '同一条意见' }), 'OpinionSubmitted'],
    [
      'an interview question',
      () => `/api/interviews/${ids.interview}/questions`,
      () => ({ text: '同一个问题' }),
      'InterviewQuestionSubmitted',
    ],
  ])(
    '50 concurrent submissions of %s with one key: one event, the same answer; the key with another body is 422',
    async (_n, path, body, type) => {
      const key = randomUUID();
      const before = await eventsOfType(type);
      const answers = await Promise.all(Array.from({ length: 50 }, () => t.http().post(path()).set('Idempotency-Key', key).send(body())));
      expect(new Set(answers.map((r) => r.status))).toEqual(new Set([201]));
      expect(new Set(answers.map((r) => JSON.stringify(r.body))).size).toBe(1);
      expect(await eventsOfType(type)).toBe(before + 1);
      const other = await t.http().post(path()).set('Idempotency-Key', key).send({ text: '另一段文字' }).expect(422);
      expect(other.body.code).toBe('idempotency_key_reused');
      expect(JSON.stringify(other.body)).not.toContain(answers[0].body.opinionId ?? answers[0].body.questionId);
      expect(await eventsOfType(type)).toBe(before + 1);
    },
  );

  it('50 concurrent survey answers by one citizen with one key: one response, the same answer', async () => {
    const key = randomUUID();
    const token = await mintToken({ roles: ['citizen'], sub: 'citizen-idem' });
    const before = await eventsOfType('SurveyResponseRecorded');
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        post(`/api/surveys/${ids.survey}/responses`, token, { answers: ANSWERS }).set('Idempotency-Key', key),
      ),
    );
    expect(new Set(answers.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await eventsOfType('SurveyResponseRecorded')).toBe(before + 1);
    await post(`/api/surveys/${ids.survey}/responses`, token, { answers: [{ questionId: 'q1', choices: [1] }] })
      .set('Idempotency-Key', key)
      .expect(422);
  });
});

describe('surveys: one response each, in the period, to questions that exist', () => {
  it('a second response by the same citizen is 409 already_responded', async () => {
    await post(`/api/surveys/${ids.survey}/responses`, citizen, { answers: ANSWERS }).expect(201);
    const before = await eventCount();
    const r = await post(`/api/surveys/${ids.survey}/responses`, citizen, { answers: ANSWERS }).expect(409);
    expect(r.body).toMatchObject({ code: 'rule_violation', rule: 'already_responded' });
    expect(await eventCount()).toBe(before);
  });

  it('answers to a question that does not exist: 400 naming it, nothing appended', async () => {
    const token = await mintToken({ roles: ['citizen'], sub: 'citizen-q9' });
    const before = await eventCount();
    const r = await post(`/api/surveys/${ids.survey}/responses`, token, { answers: [...ANSWERS, { questionId: 'q9', scale: 3 }] }).expect(
      400,
    );
    expect(r.body.message).toMatch(/^answers\[1\]\.questionId: no question "q9"/);
    const proto = await post(`/api/surveys/${ids.survey}/responses`, token, {
      answers: [{ questionId: '__proto__', choices: [0] }],
    }).expect(400);
    expect(proto.body.message).toMatch(/questionId/);
    expect(await eventCount()).toBe(before);
  });

  it('a response before the period opens is 409 outside_period, and no code is sent for it', async () => {
    const later = (await post('/api/surveys', tk.handlerA, { ...SURVEY, opensAt: localDate(3) }).expect(201)).body.id;
    const before = await eventCount();
    const r = await post(`/api/surveys/${later}/responses`, citizen, { answers: ANSWERS }).expect(409);
    expect(r.body).toMatchObject({ rule: 'outside_period' });
    await post(`/api/surveys/${later}/phone-codes`, undefined, { phone: PHONE }).expect(409);
    expect(await eventCount()).toBe(before);
  });

  it('a phone answers once; the same code sent again says the phone has already answered (409), not that no code was sent', async () => {
    await post(`/api/surveys/${ids.survey}/phone-codes`, undefined, { phone: PHONE }).expect(202);
    const code = codeFor(PHONE);
    await post(`/api/surveys/${ids.survey}/responses`, undefined, { answers: ANSWERS, phone: PHONE, code }).expect(201);
    const before = await eventCount();
    const again = await post(`/api/surveys/${ids.survey}/responses`, undefined, { answers: ANSWERS, phone: PHONE, code }).expect(409);
    expect(again.body).toMatchObject({ rule: 'already_responded' });
    expect(again.body.message).toMatch(/already answered/);
    expect(JSON.stringify(again.body)).not.toContain(PHONE);
    // A wrong guess learns nothing of it: the same answer as for a phone never sent a code.
    const guess = await post(`/api/surveys/${ids.survey}/responses`, undefined, {
      answers: ANSWERS,
      phone: PHONE,
      code: wrongCode(code),
    }).expect(400);
    const never = await post(`/api/surveys/${ids.survey}/responses`, undefined, {
      answers: ANSWERS,
      phone: '13600001234',
      code: wrongCode(code),
    }).expect(400);
    expect(guess.body.message).toBe(never.body.message);
    expect(await eventCount()).toBe(before);
  });

  it('an SMS code guessed wrong five times locks the phone for the survey for an hour (429 phone_locked), the right code too', async () => {
    const phone = '13512340000';
    await post(`/api/surveys/${ids.survey}/phone-codes`, undefined, { phone }).expect(202);
    const code = codeFor(phone);
    const before = await eventCount();
    for (let i = 1; i <= 4; i++)
      await post(`/api/surveys/${ids.survey}/responses`, undefined, { answers: ANSWERS, phone, code: wrongCode(code) }).expect(400);
    const fifth = await post(`/api/surveys/${ids.survey}/responses`, undefined, { answers: ANSWERS, phone, code: wrongCode(code) }).expect(
      429,
    );
    expect(fifth.body).toMatchObject({ rule: 'phone_locked' });
    const until = Date.parse(/until (\S+)/.exec(fifth.body.message)?.[1] ?? '');
    expect(until - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(until - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    await post(`/api/surveys/${ids.survey}/responses`, undefined, { answers: ANSWERS, phone, code }).expect(429);
    await post(`/api/surveys/${ids.survey}/phone-codes`, undefined, { phone }).expect(429);
    expect(JSON.stringify(fifth.body)).not.toContain(phone);
    expect(await eventCount()).toBe(before);
  });

  it('50 concurrent answers with one SMS code under 50 keys: one response, the others 409 already_responded', async () => {
    const phone = '13312345670';
    await post(`/api/surveys/${ids.survey}/phone-codes`, undefined, { phone }).expect(202);
    const code = codeFor(phone);
    const before = await eventsOfType('SurveyResponseRecorded');
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => post(`/api/surveys/${ids.survey}/responses`, undefined, { answers: ANSWERS, phone, code })),
    );
    expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
    expect(answers.filter((r) => r.status === 409 && r.body.rule === 'already_responded')).toHaveLength(49);
    expect(await eventsOfType('SurveyResponseRecorded')).toBe(before + 1);
  });

  it('a code sent for one survey does not answer another (400 naming code)', async () => {
    const phone = '13312345671';
    const other = (await post('/api/surveys', tk.handlerA, SURVEY).expect(201)).body.id;
    await post(`/api/surveys/${ids.survey}/phone-codes`, undefined, { phone }).expect(202);
    const r = await post(`/api/surveys/${other}/responses`, undefined, { answers: ANSWERS, phone, code: codeFor(phone) }).expect(400);
    expect(r.body.message).toMatch(/^code: /);
  });

  it('an invalid phone is 400 without echoing the number', async () => {
    const r = await post(`/api/surveys/${ids.survey}/phone-codes`, undefined, { phone: '1391234567X' }).expect(400);
    expect(JSON.stringify(r.body)).not.toContain('1391234567');
  });
});

describe('interviews: moderation, answers and the live feed', () => {
  it("a moderator may not approve another interview's question, under either interview's id; nothing appended", async () => {
    const before = await eventCount();
    // Under A's interview, B's question does not exist there.
    const wrong = await post(`/api/interviews/${ids.interview}/questions/${ids.otherQuestion}/moderation`, tk.handlerA, {
      decision: 'approved',
    }).expect(404);
    expect(wrong.body.message).toMatch(/question/);
    // Under B's interview, A's staff are not its moderators.
    await post(`/api/interviews/${ids.otherInterview}/questions/${ids.otherQuestion}/moderation`, tk.handlerA, {
      decision: 'approved',
    }).expect(403);
    await post(`/api/interviews/${ids.interview}/merges`, tk.handlerA, { into: ids.question, questionIds: [ids.otherQuestion] }).expect(
      409,
    );
    expect(await eventCount()).toBe(before);
  });

  it('ids of another consultation or interview, or not ids at all: 404 / 400 naming the parameter, nothing appended', async () => {
    const otherConsultation = (
      await post('/api/consultations', tk.handlerA, {
        title: '另一个草案',
        draft: '正文',
        opensAt: localDate(0),
        closesAt: localDate(5),
      }).expect(201)
    ).body.id;
    const before = await eventCount();
    await post(`/api/consultations/${otherConsultation}/opinions/${ids.opinion}/moderation`, tk.handlerA, { decision: 'rejected' }).expect(
      404,
    );
    await post(`/api/interviews/${ids.interview}/merges`, tk.handlerA, { into: ids.otherQuestion, questionIds: [ids.question] }).expect(
      404,
    );
    for (const [path, field] of [
      [`/api/consultations/nope/opinions`, 'id'],
      [`/api/consultations/${ids.consultation}/opinions/nope/moderation`, 'opinionId'],
      [`/api/surveys/nope/responses`, 'id'],
      [`/api/interviews/${ids.interview}/questions/nope/answers`, 'questionId'],
    ]) {
      const r = await post(path, tk.handlerA, { text: '文字', decision: 'rejected', answers: ANSWERS, guest: '王建国' });
      expect([path, r.status, r.body.message]).toEqual([path, 400, `${field}: must be a UUID`]);
    }
    expect(await eventCount()).toBe(before);
  });

  it('a guest may not answer a question not approved (409 not_approved), nor one of another interview (404)', async () => {
    await post(`/api/interviews/${ids.interview}/start`, tk.handlerA).expect(200);
    const before = await eventCount();
    const r = await post(`/api/interviews/${ids.interview}/questions/${ids.question}/answers`, tk.handlerA, {
      guest: '王建国',
      text: '答',
    }).expect(409);
    expect(r.body).toMatchObject({ rule: 'not_approved' });
    await post(`/api/interviews/${ids.interview}/questions/${ids.otherQuestion}/answers`, tk.handlerA, {
      guest: '王建国',
      text: '答',
    }).expect(404);
    expect(await eventCount()).toBe(before);
  });

  it('the live feed carries approved questions only: never a pending or rejected one, never an asker; an unknown interview is 404', async () => {
    const asker = await mintToken({ roles: ['citizen'], sub: 'citizen-asker-77' });
    const rejected = (await post(`/api/interviews/${ids.interview}/questions`, asker, { text: '被拒绝的问题' }).expect(201)).body
      .questionId;
    await post(`/api/interviews/${ids.interview}/questions`, asker, { text: `尚未审核的问题${SECRET_PHONE}` }).expect(201);
    await post(`/api/interviews/${ids.interview}/questions/${rejected}/moderation`, tk.handlerA, { decision: 'rejected' }).expect(200);
    await post(`/api/interviews/${ids.interview}/questions/${ids.question}/moderation`, tk.handlerA, { decision: 'approved' }).expect(200);
    const { status, text } = await readStream(`/public/interviews/${ids.interview}/events`, 700);
    expect(status).toBe(200);
    expect(text).toContain(ids.question);
    for (const hidden of ['被拒绝的问题', '尚未审核的问题', SECRET_PHONE, 'citizen-asker-77', rejected]) expect(text).not.toContain(hidden);
    expect((await readStream(`/public/interviews/${randomUUID()}/events`, 300)).status).toBe(404);
    expect((await readStream(`/public/interviews/not-a-uuid/events`, 300)).status).toBe(400);
    await t.waitForProjections();
    const page = JSON.stringify((await get(`/api/public/interviews/${ids.interview}`).expect(200)).body);
    for (const hidden of ['被拒绝的问题', '尚未审核的问题', SECRET_PHONE, 'citizen-asker-77']) expect(page).not.toContain(hidden);
  });
});

describe('what the public reads', () => {
  it('a private opinion is never published, never on a public route; personal data typed in is masked; no author anywhere public', async () => {
    const priv = (
      await post(`/api/consultations/${ids.consultation}/opinions`, citizen, {
        text: `私下的意见，电话${SECRET_PHONE}`,
        private: true,
      }).expect(201)
    ).body.opinionId;
    const open = (await post(`/api/consultations/${ids.consultation}/opinions`, citizen, { text: `公开的意见，电话${PHONE}` }).expect(201))
      .body.opinionId;
    const refused = await post(`/api/consultations/${ids.consultation}/opinions/${priv}/moderation`, tk.handlerA, {
      decision: 'published',
    }).expect(409);
    expect(refused.body).toMatchObject({ rule: 'private_opinion' });
    await post(`/api/consultations/${ids.consultation}/opinions/${open}/moderation`, tk.handlerA, { decision: 'published' }).expect(200);
    await t.waitForProjections();
    const publicText = [
      JSON.stringify((await get(`/api/public/consultations/${ids.consultation}`).expect(200)).body),
      JSON.stringify((await get('/api/public/consultations').expect(200)).body),
    ].join();
    expect(publicText).toContain('公开的意见');
    for (const hidden of ['私下的意见', SECRET_PHONE, PHONE, CITIZEN_SUB, priv]) expect(publicText).not.toContain(hidden);
    // The department reads it (redacted), never its author.
    const staff = JSON.stringify((await get(`/api/consultations/${ids.consultation}`, tk.handlerA).expect(200)).body);
    expect(staff).toContain('私下的意见');
    for (const hidden of [SECRET_PHONE, CITIZEN_SUB]) expect(staff).not.toContain(hidden);
  });

  it("a survey's free text is masked on the public page and in the export; no respondent anywhere", async () => {
    const token = await mintToken({ roles: ['citizen'], sub: 'citizen-free-text' });
    await post(`/api/surveys/${ids.survey}/responses`, token, {
      answers: [...ANSWERS, { questionId: 'q2', text: `请联系我 ${SECRET_PHONE}` }],
    }).expect(201);
    await t.waitForProjections();
    const page = JSON.stringify((await get(`/api/public/surveys/${ids.survey}`).expect(200)).body);
    const list = JSON.stringify((await get('/api/public/surveys').expect(200)).body);
    const csv = (await get(`/api/surveys/${ids.survey}/export?format=csv`, tk.handlerA).buffer(true).expect(200)).text;
    expect(page).toContain('请联系我');
    for (const text of [page, list, csv])
      for (const hidden of [SECRET_PHONE, PHONE, 'citizen-free-text', CITIZEN_SUB]) expect(text).not.toContain(hidden);
  });
});

describe('results kept to the department', () => {
  it("a survey whose results are for staff only never shows them on a public route, open or closed; the department's view does", async () => {
    const sid = (await post('/api/surveys', tk.handlerA, { ...SURVEY, resultsVisibility: 'staff' }).expect(201)).body.id;
    const token = await mintToken({ roles: ['citizen'], sub: 'citizen-staff-only' });
    await post(`/api/surveys/${sid}/responses`, token, { answers: [...ANSWERS, { questionId: 'q2', text: '只给部门看的建议' }] }).expect(
      201,
    );
    for (const close of [false, true]) {
      if (close) await post(`/api/surveys/${sid}/close`, tk.handlerA).expect(200);
      await t.waitForProjections();
      const page = (await get(`/api/public/surveys/${sid}`).expect(200)).body;
      expect(page.results).toBeNull();
      expect(JSON.stringify(page) + JSON.stringify((await get('/api/public/surveys').expect(200)).body)).not.toContain('只给部门看的建议');
    }
    const staff = (await get(`/api/surveys/${sid}`, tk.handlerA).expect(200)).body;
    expect(JSON.stringify(staff.results)).toContain('只给部门看的建议');
  });
});

describe('an interview and the cases its unanswered questions become, linked both ways', () => {
  it('the transcript: each forwarded question carries its case’s trackingCode, and the case names the interview', async () => {
    const iid = ids.interview;
    await post(`/api/interviews/${iid}/end`, tk.handlerA).expect(200);
    // Pending questions from the live-feed test are moderated first (the transcript waits for them).
    const staffPage = (await get(`/api/interviews/${iid}`, tk.handlerA).expect(200)).body as {
      questions: { questionId: string; status: string }[];
    };
    for (const q of staffPage.questions.filter((x) => x.status === 'pending'))
      await post(`/api/interviews/${iid}/questions/${q.questionId}/moderation`, tk.handlerA, { decision: 'rejected' }).expect(200);
    // Another department may not publish, nor retry a published transcript.
    await post(`/api/interviews/${iid}/transcript`, tk.handlerB, {}).expect(403);
    // Anyone may submit a case with an id of their choosing. An attacking helper (2026-12-07) took the
    // id the question's case would get, computed from the public page's ids (unkeyed before), and the
    // transcript then failed on it for ever: the question was lost. Derived under the secret now.
    const h = createHash('sha256').update(`interview-question:${iid}:${ids.question}`).digest('hex');
    const guessable = `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    await t
      .http()
      .post('/api/petitions')
      .send(submission({ id: guessable }))
      .expect(201);
    const r = await post(`/api/interviews/${iid}/transcript`, tk.handlerA, {}).expect(200);
    expect(r.body.forwarded[0].petitionId).not.toBe(guessable);
    expect(r.body.forwarded).toEqual([
      { questionId: ids.question, petitionId: forwardedPetitionId(t.app.get(CitizenCredentials), iid, ids.question) },
    ]);
    const before = await eventCount();
    await post(`/api/interviews/${iid}/transcript`, tk.handlerB, {}).expect(403);
    await post(`/api/interviews/${iid}/transcript`, tk.handlerA, {}).expect(200);
    expect(await eventCount()).toBe(before);

    await t.waitForProjections();
    const page = (await get(`/api/public/interviews/${iid}`).expect(200)).body;
    const forwarded = page.questions.find((q: { questionId: string }) => q.questionId === ids.question);
    expect(forwarded.petitionId).toBe(forwardedPetitionId(t.app.get(CitizenCredentials), iid, ids.question));
    const staff = (await get(`/api/petitions/${forwarded.petitionId}`, tk.reviewer).expect(200)).body;
    expect(forwarded.trackingCode).toBe(staff.trackingCode);
    expect(forwarded.trackingCode).toMatch(/^WZ/);

    const published = (await get(`/api/public/petitions/${forwarded.trackingCode}`).expect(200)).body;
    expect(published.source).toMatchObject({
      kind: 'interview',
      id: iid,
      questionId: ids.question,
      label: '来源：在线访谈 城市供水保障',
      href: `/api/public/interviews/${iid}`,
    });
  });
});
