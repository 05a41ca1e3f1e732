import type { AddressInfo } from 'node:net';
import { InterviewLiveFeed } from '../../apps/api/src/interviews/live/interview-live-feed';
import { InterviewForwarder, forwardedPetitionId } from '../../apps/api/src/interviews/forward/interview-forwarder';
import { CitizenCredentials } from '../../apps/api/src/petitions/shared/citizen-credentials';
import { notificationOutboxTable } from '@wenzheng/read-models';
import { PetitionCommandRunner } from '@wenzheng/command-runner';
import { createTestApp, TestApp } from '../setup/app';
import { DEPT_A, Tokens, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// One online interview (在线访谈) through its session: questions before and during, moderation,
// a guest's answer reaching a live listener, the transcript and the forwarding of what was left unanswered.

let t: TestApp;
let tk: Tokens;
let base: string;
let id: string;
const q: Record<'before' | 'during' | 'dup' | 'rejected', string> = { before: '', during: '', dup: '', rejected: '' };

const post = (path: string, token: string | undefined, body: object = {}) =>
  t
    .http()
    .post(path)
    .set(token ? bearer(token) : {})
    .send(body);
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

/** Reads the event stream with fetch, as a browser's EventSource would; resolves each message as it arrives. */
function listen(path: string) {
  const controller = new AbortController();
  const messages: { event: string; data: Record<string, unknown>; receivedAt: number }[] = [];
  const waiters: (() => void)[] = [];
  const done = (async () => {
    const res = await fetch(`${base}${path}`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) messages.push({ event, data: JSON.parse(data), receivedAt: Date.now() });
          waiters.splice(0).forEach((w) => w());
        }
      }
    } catch (e) {
      if ((e as Error).name !== 'AbortError') throw e;
    }
  })();
  const until = async (match: (m: (typeof messages)[number]) => boolean, ms = 5000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = messages.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching message in ${ms} ms: ${JSON.stringify(messages)}`);
      await new Promise<void>((r) => (waiters.push(r), setTimeout(r, 50)));
    }
  };
  return { messages, until, close: async () => (controller.abort(), await done.catch(() => undefined)) };
}

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  const server = t.app.getHttpServer();
  if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(async () => t?.close());

describe('an online interview', () => {
  it('staff schedule it; bad input is 400 naming the field; a citizen may not (403)', async () => {
    const body = { topic: '城市供水保障', guests: [{ name: '王建国', title: '市水务局局长' }], startsAt: inHours(1), endsAt: inHours(2) };
    const bad = await post('/api/interviews', tk.handlerA, { ...body, guests: [] }).expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/guests/);
    const late = await post('/api/interviews', tk.handlerA, { ...body, endsAt: inHours(0.5), startsAt: inHours(1) }).expect(400);
    expect(JSON.stringify(late.body)).toMatch(/endsAt: must be after startsAt/);
    await post('/api/interviews', tk.reviewer, body).expect(403);
    const r = await post('/api/interviews', tk.handlerA, body).expect(201);
    id = r.body.id;
    expect(r.body.status).toBe('scheduled');
  });

  it('citizens ask before the session; personal data is masked on the public page', async () => {
    q.before = (
      await post(`/api/interviews/${id}/questions`, undefined, { text: '老城区管网何时改造？电话13912345678' }).expect(201)
    ).body.questionId;
    q.dup = (await post(`/api/interviews/${id}/questions`, undefined, { text: '老城区水管什么时候换？' }).expect(201)).body.questionId;
    q.rejected = (await post(`/api/interviews/${id}/questions`, undefined, { text: '广告' }).expect(201)).body.questionId;
    await post(`/api/interviews/${id}/questions`, undefined, { text: '' }).expect(400);
    await post(`/api/interviews/${id}/questions/${q.before}/moderation`, tk.handlerA, { decision: 'approved' }).expect(200);
    await post(`/api/interviews/${id}/questions/${q.rejected}/moderation`, tk.handlerA, { decision: 'rejected' }).expect(200);
    await post(`/api/interviews/${id}/merges`, tk.handlerA, { into: q.before, questionIds: [q.dup] }).expect(200);
    await post(`/api/interviews/${id}/questions/${q.before}/moderation`, tk.handlerB, { decision: 'rejected' }).expect(403);
    await t.waitForProjections();
    const page = (await t.http().get(`/api/public/interviews/${id}`).expect(200)).body;
    expect(page.questions).toHaveLength(1);
    expect(page.questions[0].text).not.toContain('13912345678');
    expect(JSON.stringify(page)).not.toMatch(/13912345678|广告/);
  });

  it('a live listener receives an approved question and a guest answer within a second of the command returning', async () => {
    await post(`/api/interviews/${id}/start`, tk.handlerA).expect(200);
    const listener = listen(`/public/interviews/${id}/events`);
    try {
      await listener.until((m) => m.event === 'question' && m.data.questionId === q.before); // the history first
      q.during = (await post(`/api/interviews/${id}/questions`, undefined, { text: '夏季高峰能保证水压吗？' }).expect(201)).body.questionId;
      await post(`/api/interviews/${id}/questions/${q.during}/moderation`, tk.handlerA, { decision: 'approved' }).expect(200);
      const approvedAt = Date.now();
      const question = await listener.until((m) => m.event === 'question' && m.data.questionId === q.during);
      expect(question.receivedAt - approvedAt).toBeLessThan(1000);
      expect(question.data.text).toBe('夏季高峰能保证水压吗？');

      await post(`/api/interviews/${id}/questions/${q.before}/answers`, tk.handlerA, { guest: '李四', text: '答' }).expect(400);
      await post(`/api/interviews/${id}/questions/${q.before}/answers`, tk.handlerA, {
        guest: '王建国',
        text: '今年10月底前完成。',
      }).expect(200);
      const answeredAt = Date.now();
      const answer = await listener.until((m) => m.event === 'answer' && m.data.questionId === q.before);
      expect(answer.receivedAt - answeredAt).toBeLessThan(1000);
      expect(answer.data).toMatchObject({ guest: '王建国', text: '今年10月底前完成。' });
      expect(listener.messages.some((m) => JSON.stringify(m.data).includes('广告'))).toBe(false);
    } finally {
      await listener.close();
    }
    // The server lets go of a client that went away.
    const feed = t.app.get(InterviewLiveFeed);
    for (let i = 0; i < 50 && feed.listenerCount() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(feed.listenerCount()).toBe(0);
  });

  it('after the end a question is 409; the transcript waits for every question to be moderated', async () => {
    const pending = (await post(`/api/interviews/${id}/questions`, undefined, { text: '还有一个问题' }).expect(201)).body.questionId;
    await post(`/api/interviews/${id}/end`, tk.handlerA).expect(200);
    const late = await post(`/api/interviews/${id}/questions`, undefined, { text: '晚到的问题' }).expect(409);
    expect(late.body.message).toMatch(/interview is ended/);
    await post(`/api/interviews/${id}/transcript`, tk.handlerA, {}).expect(409);
    await post(`/api/interviews/${id}/questions/${pending}/moderation`, tk.handlerA, { decision: 'approved' }).expect(200);
    q.rejected = pending; // approved and never answered: forwarded too
  });

  it('publishing the transcript turns every unanswered question into a petition dispatched to the department; a retry appends nothing', async () => {
    const r = await post(`/api/interviews/${id}/transcript`, tk.handlerA, { summary: '感谢网友参与' }).expect(200);
    const unanswered = [q.during, q.rejected].sort();
    expect(r.body.forwarded.map((f: { questionId: string }) => f.questionId).sort()).toEqual(unanswered);
    const petitions = t.app.get(PetitionCommandRunner);
    const countsBefore: number[] = [];
    for (const questionId of unanswered) {
      const { state, recorded } = await petitions.load(forwardedPetitionId(t.app.get(CitizenCredentials), id, questionId));
      expect(state.status).toBe('dispatched');
      expect(state.status === 'dispatched' && state.departmentId).toBe(DEPT_A);
      expect(recorded.map((e) => e.type)).toEqual(['PetitionSubmitted', 'PetitionReviewed', 'PetitionDispatched']);
      expect(recorded[0].metadata.correlationId).toBe(id);
      // The petition names where it came from, has no invented citizen, and the system handled it.
      expect(state.status === 'dispatched' && state.source).toEqual({ kind: 'interview', id, questionId });
      expect(recorded[0].data).not.toHaveProperty('citizen');
      expect(JSON.stringify(recorded[0].data)).not.toMatch(/在线访谈网友|"12345"/);
      expect(recorded.map((e) => (e.metadata.actor as { role: string }).role)).toEqual(['system', 'system', 'system']);
      countsBefore.push(recorded.length);
    }
    await t.app.get(InterviewForwarder).forwardUnanswered(id);
    await post(`/api/interviews/${id}/transcript`, tk.handlerA, {}).expect(200);
    for (const [i, questionId] of unanswered.entries()) {
      expect((await petitions.load(forwardedPetitionId(t.app.get(CitizenCredentials), id, questionId))).recorded).toHaveLength(
        countsBefore[i],
      );
    }
    await t.waitForProjections();
    const page = (await t.http().get(`/api/public/interviews/${id}`).expect(200)).body;
    expect(page.status).toBe('published');
    expect(page.questionsForwarded).toBe(2);
    const linked = page.questions
      .filter((x: { petitionId: string | null }) => x.petitionId)
      .map((x: { questionId: string }) => x.questionId);
    expect(linked.sort()).toEqual(unanswered);
    const refs = page.questions.filter((x: { petitionId: string | null }) => x.petitionId).map((x: { petitionId: string }) => x.petitionId);
    expect(refs.sort()).toEqual(unanswered.map((questionId) => forwardedPetitionId(t.app.get(CitizenCredentials), id, questionId)).sort());

    // Nobody is texted about a forwarded question: no citizen, no office, no department message.
    const outbox = await t.runtime.pool.query(`select key from ${notificationOutboxTable()} where petition_id = any($1::uuid[])`, [refs]);
    expect(outbox.rows).toEqual([]);

    // The case page shows the source, so a reader follows it back to the interview.
    const label = '来源：在线访谈 城市供水保障';
    const staff = (await t.http().get(`/api/petitions/${refs[0]}`).set(bearer(tk.reviewer)).expect(200)).body;
    expect(staff.source).toMatchObject({ kind: 'interview', id, label, href: `/api/public/interviews/${id}` });
    expect(staff).not.toHaveProperty('citizen');
    const published = (await t.http().get(`/api/public/petitions/${staff.trackingCode}`).expect(200)).body;
    expect(published.source).toMatchObject({ kind: 'interview', id, topic: '城市供水保障', label });
    expect(unanswered).toContain(published.source.questionId);
  });

  it('an unknown interview is 404, a malformed id 400', async () => {
    await t.http().get('/api/public/interviews/1e0a1b2c-3d4e-4f50-8a6b-00000000ffff').expect(404);
    await t.http().get('/api/public/interviews/nope/events').expect(400);
  });
});
