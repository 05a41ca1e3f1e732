import { SMS_GATEWAY, SmsGateway, SmsMessage } from '@wenzheng/workers';
import { FakeClock } from '@wenzheng/petition-store';
import { createTestApp, TestApp } from '../setup/app';
import { shanghai, useFakeClock } from '../setup/clock';
import { DEPT_A, Tokens, tokens } from '../setup/petitions';
import { bearer, mintToken } from '../setup/tokens';

// One survey (网上调查) open Mon 2026-10-12 to the end of Fri 10-23, results live.

const PHONE = '13912345678';
const OTHER_PHONE = '13812340000';

let t: TestApp;
let tk: Tokens;
let citizen: string;
let clock: FakeClock;
let id: string;
const sent: SmsMessage[] = [];

const post = (path: string, token: string | undefined, body: object = {}) =>
  t
    .http()
    .post(path)
    .set(token ? bearer(token) : {})
    .send(body);
const eventCount = async () => Number((await t.runtime.pool.query(`select count(*) from wz_es.events`)).rows[0].count);
const codeFor = (phone: string) => {
  const m = [...sent].reverse().find((s) => s.to === phone);
  return /(\d{6})/.exec(m?.text ?? '')?.[1] ?? '';
};
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

const ANSWERS = [
  { questionId: 'q1', choices: [0] },
  { questionId: 'q2', choices: [0, 2] },
  { questionId: 'q3', scale: 4 },
  { questionId: 'q4', text: '希望公布水质报告，我的电话13700001111' },
];

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  citizen = await mintToken({ roles: ['citizen'], sub: 'citizen-li-3' });
  clock = useFakeClock(t.app, shanghai('2026-10-12T09:00:00'));
  jest.spyOn(t.app.get<SmsGateway>(SMS_GATEWAY), 'send').mockImplementation(async (m) => {
    sent.push(m);
    return { messageId: m.key };
  });
});
afterAll(async () => {
  jest.restoreAllMocks();
  await t?.close();
});

describe('publish → respond → results', () => {
  it('staff publish a survey with one question of each kind', async () => {
    const r = await post('/api/surveys', tk.handlerA, {
      title: '城市供水服务满意度调查',
      questions: [
        { id: 'q1', kind: 'single', text: '是否使用过供水热线？', options: ['是', '否'] },
        { id: 'q2', kind: 'multiple', text: '关心哪些方面？', options: ['水质', '水压', '水价'], required: false },
        { id: 'q3', kind: 'scale', text: '满意度' },
        { id: 'q4', kind: 'text', text: '其他建议', required: false },
      ],
      opensAt: '2026-10-12',
      closesAt: '2026-10-23',
      resultsVisibility: 'live',
    }).expect(201);
    id = r.body.id;
    await t.waitForProjections();
    const page = (await t.http().get(`/api/public/surveys/${id}`).expect(200)).body;
    expect(page).toMatchObject({ status: 'open', departmentId: DEPT_A, responses: 0 });
    expect(page.results[0].options).toEqual([
      { label: '是', count: 0, percent: 0 },
      { label: '否', count: 0, percent: 0 },
    ]);
  });

  it('a citizen may not publish; a bad question is 400 naming the field, nothing appended', async () => {
    const before = await eventCount();
    await post('/api/surveys', citizen, { title: '调查', questions: [], opensAt: '2026-10-12', closesAt: '2026-10-23' }).expect(403);
    const bad = await post('/api/surveys', tk.handlerA, {
      title: '调查问卷',
      questions: [{ id: 'q1', kind: 'single', text: '？', options: ['只有一个'] }],
      opensAt: '2026-10-12',
      closesAt: '2026-10-23',
    }).expect(400);
    expect(bad.body.message).toMatch(/^questions\[0\]\.options: 2 to 50 options/);
    expect(await eventCount()).toBe(before);
  });

  it('a signed-in citizen answers; the results count it, with percentages and the free text redacted', async () => {
    await post(`/api/surveys/${id}/responses`, citizen, { answers: ANSWERS }).expect(201);
    await t.waitForProjections();
    const page = (await t.http().get(`/api/public/surveys/${id}`).expect(200)).body;
    expect(page.responses).toBe(1);
    expect(page.results[0].options[0]).toEqual({ label: '是', count: 1, percent: 100 });
    expect(page.results[1].options.map((o: { count: number }) => o.count)).toEqual([1, 0, 1]);
    expect(page.results[2]).toMatchObject({ answered: 1, mean: 4 });
    expect(page.results[3].texts).toHaveLength(1);
    expect(page.results[3].texts[0]).not.toContain('13700001111');
    expect(JSON.stringify(page)).not.toContain('citizen-li-3');
  });

  it('a second response by the same citizen is 409, nothing appended', async () => {
    const before = await eventCount();
    const r = await post(`/api/surveys/${id}/responses`, citizen, { answers: ANSWERS }).expect(409);
    expect(r.body.message).toMatch(/already answered/);
    expect(await eventCount()).toBe(before);
  });

  it('an answer to a question that does not exist is 400 naming it; a scale of 6 too', async () => {
    const other = await mintToken({ roles: ['citizen'], sub: 'citizen-zhao-9' });
    const before = await eventCount();
    const r = await post(`/api/surveys/${id}/responses`, other, { answers: [...ANSWERS, { questionId: 'q9', scale: 3 }] }).expect(400);
    expect(r.body.message).toMatch(/^answers\[4\]\.questionId: no question "q9"/);
    const s = await post(`/api/surveys/${id}/responses`, other, { answers: [ANSWERS[0], { questionId: 'q3', scale: 6 }] }).expect(400);
    expect(s.body.message).toMatch(/^answers\[1\]\.scale/);
    expect(await eventCount()).toBe(before);
  });
});

describe('by phone', () => {
  it('without a token: phone and code required', async () => {
    const r = await post(`/api/surveys/${id}/responses`, undefined, { answers: ANSWERS }).expect(400);
    expect(r.body.message).toMatch(/^phone: required/);
    expect((await post(`/api/surveys/${id}/phone-codes`, undefined, { phone: '12345' }).expect(400)).body.message).toMatch(/phone/);
  });

  it('a code sent by SMS verifies the phone; the code is stored only hashed, the number nowhere', async () => {
    await post(`/api/surveys/${id}/phone-codes`, undefined, { phone: PHONE }).expect(202);
    const code = codeFor(PHONE);
    expect(code).toMatch(/^\d{6}$/);
    await post(`/api/surveys/${id}/phone-codes`, undefined, { phone: PHONE }).expect(429); // one a minute
    await post(`/api/surveys/${id}/responses`, undefined, { answers: ANSWERS, phone: PHONE, code }).expect(201);
    const stored = (await t.runtime.pool.query(`select row_to_json(c)::text as j from wz_survey.phone_codes c`)).rows
      .map((r) => r.j)
      .join();
    const events = (await t.runtime.pool.query(`select data::text as d, metadata::text as m from wz_es.events`)).rows
      .map((r) => r.d + r.m)
      .join();
    for (const text of [stored, events]) {
      expect(text).not.toContain(PHONE);
      expect(text).not.toContain(code);
    }
    clock.set(shanghai('2026-10-12T09:05:00'));
    await post(`/api/surveys/${id}/phone-codes`, undefined, { phone: PHONE }).expect(202);
    const again = await post(`/api/surveys/${id}/responses`, undefined, { answers: ANSWERS, phone: PHONE, code: codeFor(PHONE) }).expect(
      409,
    );
    expect(again.body.message).toMatch(/already answered/);
  });

  it('a code guessed wrong five times locks that phone for the survey for an hour', async () => {
    clock.set(shanghai('2026-10-13T10:00:00'));
    await post(`/api/surveys/${id}/phone-codes`, undefined, { phone: OTHER_PHONE }).expect(202);
    const code = codeFor(OTHER_PHONE);
    const before = await eventCount();
    for (let i = 1; i <= 4; i++) {
      const r = await post(`/api/surveys/${id}/responses`, undefined, {
        answers: ANSWERS,
        phone: OTHER_PHONE,
        code: wrongCode(code),
      }).expect(400);
      expect(r.body.message).toBe(`code: wrong; ${5 - i} attempts left`);
    }
    const fifth = await post(`/api/surveys/${id}/responses`, undefined, {
      answers: ANSWERS,
      phone: OTHER_PHONE,
      code: wrongCode(code),
    }).expect(429);
    expect(fifth.body.message).toMatch(/locked for this survey until/);
    // The right code no longer works, nor does a new one, for the hour.
    await post(`/api/surveys/${id}/responses`, undefined, { answers: ANSWERS, phone: OTHER_PHONE, code }).expect(429);
    clock.set(shanghai('2026-10-13T10:59:00'));
    await post(`/api/surveys/${id}/phone-codes`, undefined, { phone: OTHER_PHONE }).expect(429);
    expect(await eventCount()).toBe(before);
    // An hour on, a new code works.
    clock.set(shanghai('2026-10-13T11:01:00'));
    await post(`/api/surveys/${id}/phone-codes`, undefined, { phone: OTHER_PHONE }).expect(202);
    await post(`/api/surveys/${id}/responses`, undefined, { answers: ANSWERS, phone: OTHER_PHONE, code: codeFor(OTHER_PHONE) }).expect(201);
  });

  it('a mobile asked for in groups (as citizen.phone takes it) is answered without them; the gateway gets its 11 digits only', async () => {
    clock.set(shanghai('2026-10-14T09:00:00'));
    const from = sent.length;
    await post(`/api/surveys/${id}/phone-codes`, undefined, { phone: '137 0000 4444' }).expect(202);
    expect(sent.slice(from).map((m) => m.to)).toEqual(['13700004444']);
    // The same phone dashed, or with +86, is the same phone: a code a minute.
    await post(`/api/surveys/${id}/phone-codes`, undefined, { phone: '+86 137-0000-4444' }).expect(429);
    const r = await post(`/api/surveys/${id}/responses`, undefined, {
      answers: ANSWERS,
      phone: '13700004444',
      code: codeFor('13700004444'),
    }).expect(201);
    expect(r.body.responseId).toBeTruthy();
    expect(sent.every((m) => /^\d{11}$/.test(m.to))).toBe(true);
  });

  it.each([
    ['a landline', '0577 88123456', /^phone: must be a mobile number, not a landline: the code is sent by SMS/],
    ['full-width digits, one short', '１３９ １２３４ ５６７', /^phone: must be a mainland mobile number/],
    ['a zero-width space', '139 1234\u200b 5678', /^phone: must be a mainland mobile number/],
    ['a right-to-left override', '139\u202e1234 5678', /^phone: must be a mainland mobile number/],
  ])('%s is 400 naming phone, asking or answering; nothing sent', async (_, phone, message) => {
    clock.set(shanghai('2026-10-14T09:30:00'));
    const from = sent.length;
    const asked = await post(`/api/surveys/${id}/phone-codes`, undefined, { phone }).expect(400);
    const answered = await post(`/api/surveys/${id}/responses`, undefined, { answers: ANSWERS, phone, code: '123456' }).expect(400);
    for (const { body } of [asked, answered]) {
      expect(body.message).toMatch(message);
      expect(body.details).toEqual([expect.objectContaining({ field: 'phone' })]);
      expect(JSON.stringify(body)).not.toContain(phone);
    }
    expect(sent.length).toBe(from);
  });

  it('full-width digits (a Chinese keyboard’s) are the same mobile: the code goes to its 11 digits and answers for it', async () => {
    clock.set(shanghai('2026-10-14T09:40:00'));
    const from = sent.length;
    await post(`/api/surveys/${id}/phone-codes`, undefined, { phone: '１３５ ０００１ ２３４５' }).expect(202);
    expect(sent.slice(from).map((m) => m.to)).toEqual(['13500012345']);
    await post(`/api/surveys/${id}/responses`, undefined, {
      answers: ANSWERS,
      phone: '１３５０００１２３４５',
      code: codeFor('13500012345'),
    }).expect(201);
  });

  it('an expired code is refused', async () => {
    const phone = '13600002222';
    clock.set(shanghai('2026-10-14T10:00:00'));
    await post(`/api/surveys/${id}/phone-codes`, undefined, { phone }).expect(202);
    clock.set(shanghai('2026-10-14T10:10:01'));
    const r = await post(`/api/surveys/${id}/responses`, undefined, { answers: ANSWERS, phone, code: codeFor(phone) }).expect(400);
    expect(r.body.message).toMatch(/^code: expired/);
  });
});

describe('export and the end of the period', () => {
  it('the department exports every response as CSV (redacted free text, never a respondent)', async () => {
    await t.waitForProjections();
    await t.http().get(`/api/surveys/${id}/export?format=csv`).set(bearer(tk.handlerB)).expect(403);
    await t.http().get(`/api/surveys/${id}/export?format=pdf`).set(bearer(tk.handlerA)).expect(400);
    const r = await t.http().get(`/api/surveys/${id}/export?format=csv`).set(bearer(tk.handlerA)).buffer(true).expect(200);
    expect(r.headers['content-type']).toMatch(/text\/csv/);
    const text = Buffer.isBuffer(r.body) ? r.body.toString('utf8') : r.text;
    const lines = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('答卷编号,提交时间,验证方式,1. 是否使用过供水热线？,2. 关心哪些方面？,3. 满意度,4. 其他建议');
    expect(lines).toHaveLength(6); // the citizen, four phones (one typed in full width)
    expect(lines.filter((l) => /,登录账号,是,水质；水价,4,希望公布水质报告，我的电话137\*{4}1111$/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('手机验证'))).toHaveLength(4);
    expect(text).not.toContain('13700001111');
    expect(text).not.toContain(PHONE);
    const x = await t.http().get(`/api/surveys/${id}/export?format=xlsx`).set(bearer(tk.handlerA)).buffer(true).expect(200);
    expect(x.headers['content-type']).toMatch(/spreadsheetml/);
  });

  it('a response after the period is 409, nothing appended; no code is sent either', async () => {
    clock.set(shanghai('2026-10-24T00:00:00'));
    const other = await mintToken({ roles: ['citizen'], sub: 'citizen-late' });
    const before = await eventCount();
    const r = await post(`/api/surveys/${id}/responses`, other, { answers: ANSWERS }).expect(409);
    expect(r.body.message).toMatch(/responses are taken from/);
    await post(`/api/surveys/${id}/phone-codes`, undefined, { phone: '13500003333' }).expect(409);
    expect(await eventCount()).toBe(before);
  });

  it('staff close it; the survey reads closed', async () => {
    await post(`/api/surveys/${id}/close`, tk.handlerA).expect(200);
    await t.waitForProjections();
    expect((await t.http().get(`/api/public/surveys/${id}`).expect(200)).body.status).toBe('closed');
  });
});
