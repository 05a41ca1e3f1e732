import { IntegrityVerifier } from '../../apps/api/src/audit/verify-integrity/integrity-verifier';
import { forwardedPetitionId } from '../../apps/api/src/interviews/forward/interview-forwarder';
import { CitizenCredentials } from '../../apps/api/src/petitions/shared/citizen-credentials';
import { SubjectKeyStore, questionSubject } from '@wenzheng/petition-store';
import { createTestApp, TestApp } from '../setup/app';
import { shanghai, useFakeClock } from '../setup/clock';
import { Tokens, tokens } from '../setup/petitions';
import { bearer, mintToken } from '../setup/tokens';

// The audit trail of the participation streams, read like a case's (全程留痕): masked without a
// reason, the sealed words and author opened with one and the read logged; the chain verified.
// Then an interview's merged questions: none is lost when the question they went into is forwarded.

const PHONE = '13912345678';
const SUB = 'citizen-zhao-9';

let t: TestApp;
let tk: Tokens;
let citizen: string;
const ids = { consultation: '', survey: '', interview: '', opinion: '', response: '', question: '' };

const post = (path: string, token: string | undefined, body: object = {}) =>
  t
    .http()
    .post(path)
    .set(token ? bearer(token) : {})
    .send(body);
const audit = (kind: string, id: string, query = '', token = tk.auditor) =>
  t.http().get(`/api/audit/${kind}/${id}/events${query}`).set(bearer(token));
const accessLog = async () => (await t.http().get('/api/audit/access-log').set(bearer(tk.auditor)).expect(200)).body.items;
const REASON = '?reason=' + encodeURIComponent('纪检监察 2026-031 号核查');

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  citizen = await mintToken({ roles: ['citizen'], sub: SUB });
  useFakeClock(t.app, shanghai('2026-10-12T09:00:00'));
  ids.consultation = (
    await post('/api/consultations', tk.handlerA, {
      title: '《停车管理办法（征求意见稿）》',
      draft: '第一条……',
      opensAt: '2026-10-12',
      closesAt: '2026-10-23',
    }).expect(201)
  ).body.id;
  ids.opinion = (
    await post(`/api/consultations/${ids.consultation}/opinions`, citizen, { text: `建议增加夜间车位，电话${PHONE}` }).expect(201)
  ).body.opinionId;
  ids.survey = (
    await post('/api/surveys', tk.handlerA, {
      title: '停车服务满意度调查',
      questions: [
        { id: 'q1', kind: 'scale', text: '满意度' },
        { id: 'q2', kind: 'text', text: '其他建议', required: false },
      ],
      opensAt: '2026-10-12',
      closesAt: '2026-10-23',
    }).expect(201)
  ).body.id;
  ids.response = (
    await post(`/api/surveys/${ids.survey}/responses`, citizen, {
      answers: [
        { questionId: 'q1', scale: 3 },
        { questionId: 'q2', text: `车位太少，电话${PHONE}` },
      ],
    }).expect(201)
  ).body.responseId;
  ids.interview = (
    await post('/api/interviews', tk.handlerA, {
      topic: '停车难问题',
      guests: [{ name: '陈明', title: '市交通局局长' }],
      startsAt: '2026-10-13T10:00:00+08:00',
      endsAt: '2026-10-13T11:00:00+08:00',
    }).expect(201)
  ).body.id;
  ids.question = (
    await post(`/api/interviews/${ids.interview}/questions`, citizen, { text: `小区停车位何时增加？电话${PHONE}` }).expect(201)
  ).body.questionId;
});
afterAll(async () => t?.close());

describe.each([
  ['consultations', 'consultation', () => ids.consultation, ['ConsultationPublished', 'OpinionSubmitted']],
  ['surveys', 'survey', () => ids.survey, ['SurveyPublished', 'SurveyResponseRecorded']],
  ['interviews', 'interview', () => ids.interview, ['InterviewScheduled', 'InterviewQuestionSubmitted']],
])('GET /api/audit/%s/:id/events', (path, kind, id, types) => {
  it('the auditor reads every event with its metadata and hash, personal data masked; nobody else may; unknown 404, malformed 400', async () => {
    await audit(path, id(), '', tk.handlerA).expect(403);
    await audit(path, id(), '', tk.supervisor).expect(403);
    const r = await audit(path, id()).expect(200);
    expect(r.body).toMatchObject({ kind, id: id(), streamId: `${kind}-${id()}`, revision: 1, personalData: 'masked' });
    expect(r.body.events.map((e: { type: string }) => e.type)).toEqual(types);
    for (const e of r.body.events) {
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(e.metadata.hash).toBe(e.hash);
      expect(e.actor).toBeTruthy();
    }
    expect(JSON.stringify(r.body.events.map((e: { data: unknown }) => e.data))).not.toMatch(new RegExp(`${PHONE}|${SUB}|"personal"`));
    await audit(path, '0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e').expect(404);
    const bad = await audit(path, 'nope').expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/id/);
  });

  it('with a reason the sealed words and author are shown, and exactly one access-log row records the read', async () => {
    const before = (await accessLog()).length;
    await audit(path, id(), '?reason=abc').expect(400);
    expect(await accessLog()).toHaveLength(before);
    const r = await audit(path, id(), REASON).expect(200);
    expect(r.body.personalData).toBe('shown');
    expect(JSON.stringify(r.body.events[1].data.personal)).toContain(PHONE);
    const log = await accessLog();
    expect(log).toHaveLength(before + 1);
    expect(log[0]).toMatchObject({ petitionId: id(), route: `GET /api/audit/${path}/:id/events`, reason: '纪检监察 2026-031 号核查' });
  });
});

it('the opened words are the ones submitted: the opinion and the question with their author, the survey free text by question', async () => {
  const opinion = (await audit('consultations', ids.consultation, REASON).expect(200)).body.events[1].data;
  expect(opinion).toMatchObject({ opinionId: ids.opinion, personal: { text: `建议增加夜间车位，电话${PHONE}`, author: SUB } });
  expect(opinion.text).not.toContain(PHONE);
  const response = (await audit('surveys', ids.survey, REASON).expect(200)).body.events[1].data;
  expect(response).toMatchObject({ responseId: ids.response, personal: { q2: `车位太少，电话${PHONE}` } });
  const question = (await audit('interviews', ids.interview, REASON).expect(200)).body.events[1].data;
  expect(question).toMatchObject({ questionId: ids.question, personal: { text: `小区停车位何时增加？电话${PHONE}`, author: SUB } });
});

it("once an asker's words are erased (the question's key destroyed), the reasoned read says so and the rest stays readable", async () => {
  await t.app.get(SubjectKeyStore).erase(questionSubject(ids.question), 'admin-1', '本人申请删除');
  const r = (await audit('interviews', ids.interview, REASON).expect(200)).body;
  expect(r.events[1].data.personal).toBe('erased');
  expect(r.events[1].data.text).not.toContain(PHONE); // the redacted copy is still there
  expect(JSON.stringify(r)).not.toContain(PHONE);
});

it('the integrity chain walks the three streams', async () => {
  const report = await t.app.get(IntegrityVerifier).verifyAll();
  expect(report.broken).toEqual([]);
  expect(report.streams).toBe(3);
});

it('no question lost: a question merged into one that is merged in turn still reaches the petition the last one becomes', async () => {
  const i = ids.interview;
  const ask = async (text: string) =>
    (await post(`/api/interviews/${i}/questions`, undefined, { text }).expect(201)).body.questionId as string;
  const approve = (q: string) => post(`/api/interviews/${i}/questions/${q}/moderation`, tk.handlerA, { decision: 'approved' }).expect(200);
  const first = await ask('地下车库收费标准谁定？');
  const second = await ask('车库收费太贵了，谁来管？');
  const third = await ask('停车收费能否公示？');
  await approve(ids.question);
  await approve(second);
  await approve(third);
  await post(`/api/interviews/${i}/merges`, tk.handlerA, { into: second, questionIds: [first] }).expect(200);
  await post(`/api/interviews/${i}/merges`, tk.handlerA, { into: third, questionIds: [second] }).expect(200);
  await post(`/api/interviews/${i}/start`, tk.handlerA).expect(200);
  await post(`/api/interviews/${i}/end`, tk.handlerA).expect(200);
  const r = await post(`/api/interviews/${i}/transcript`, tk.handlerA, {}).expect(200);
  expect(r.body.forwarded.map((f: { questionId: string }) => f.questionId).sort()).toEqual([ids.question, third].sort());
  // The case as the department reads it: every question asked, the chain of merges followed.
  const petition = (
    await t
      .http()
      .get(`/api/petitions/${forwardedPetitionId(t.app.get(CitizenCredentials), i, third)}`)
      .set(bearer(tk.reviewer))
      .expect(200)
  ).body;
  const content = String(petition.content);
  for (const text of ['停车收费能否公示？', '车库收费太贵了，谁来管？', '地下车库收费标准谁定？']) expect(content).toContain(text);
});
