import { NotificationSender, SMS_GATEWAY, SmsGateway, SmsMessage, DELIVERIES } from '@wenzheng/workers';
import { FakeClock } from '@wenzheng/petition-store';
import { createTestApp, TestApp } from '../setup/app';
import { shanghai, useFakeClock, waitForEveryEvent } from '../setup/clock';
import { DEPT_A, Tokens, submission, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// Attacks on the sender's check of 请留意来电 (petition_answered_callback) at send time (callbackNoticeStands).

let t: TestApp;
let tk: Tokens;
let clock: FakeClock;
let sender: NotificationSender;
let gateway: SmsGateway;

beforeAll(async () => {
  t = await createTestApp({ SMS_REVIEWER_PHONE: '13600000003', SMS_SUPERVISOR_PHONE: '13900000009' });
  tk = await tokens();
  clock = useFakeClock(t.app, shanghai('2026-12-14T10:00:00'));
  sender = t.app.get(NotificationSender);
  gateway = t.app.get<SmsGateway>(SMS_GATEWAY);
});
afterAll(async () => {
  jest.restoreAllMocks();
  await t.close();
});

const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);
const deliver = async () => {
  await waitForEveryEvent(t.app, t.runtime.pool);
  return sender.runOnce();
};

async function call() {
  const p = (await post('/api/petitions', tk.reviewer, submission({ channel: 'hotline_12345' })).expect(201)).body as {
    id: string;
    trackingCode: string;
  };
  await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
  await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
  await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
  return p;
}
const answer = (id: string, text = '已安排维修，供水已恢复。') =>
  post(`/api/petitions/${id}/respond`, tk.handlerA, { answer: text }).expect(200);

async function callbackNotices(petitionId: string) {
  const { rows } = await t.runtime.pool.query(
    `select status, last_error, stream_revision from ${DELIVERIES} where petition_id = $1 and template = 'petition_answered_callback' order by stream_revision`,
    [petitionId],
  );
  return rows as { status: string; last_error: string | null; stream_revision: string }[];
}

describe('请留意来电 after a reopen', () => {
  it('the first answer’s notice, still queued when the case is answered again, is not sent too: the caller gets one 请留意来电', async () => {
    const send = jest.spyOn(gateway, 'send');
    try {
      const p = await call();
      await deliver();
      // The sender is down from here: the answer, the unsatisfied call-back, the reopen and the new answer all pass.
      await answer(p.id);
      await post(`/api/petitions/${p.id}/rate`, tk.reviewer, { via: 'callback', satisfaction: 'unsatisfied' }).expect(200);
      await post(`/api/petitions/${p.id}/reopen`, tk.supervisor, { reason: '群众不满意，重新办理' }).expect(200);
      await answer(p.id, '已再次上门维修，供水正常。');
      await deliver();
      const notices = send.mock.calls
        .map(([m]) => m as SmsMessage)
        .filter((m) => m.template === 'petition_answered_callback' && m.text.includes(p.trackingCode));
      const rows = await callbackNotices(p.id);
      expect(rows).toHaveLength(2);
      // The first answer's notice announced a call-back that was made (rated unsatisfied): it no longer stands.
      expect(rows.map((r) => r.status)).toEqual(['skipped', 'sent']);
      expect(notices).toHaveLength(1);
    } finally {
      send.mockRestore();
    }
  });

  it('a notice retried after a gateway failure is skipped once the call-back was recorded in between', async () => {
    const p = await call();
    await deliver();
    await answer(p.id);
    const send = jest.spyOn(gateway, 'send').mockRejectedValueOnce(new Error('gateway down'));
    try {
      await deliver();
      expect((await callbackNotices(p.id)).map((r) => r.status)).toEqual(['pending']);
      await post(`/api/petitions/${p.id}/rate`, tk.reviewer, { via: 'callback', satisfaction: 'satisfied' }).expect(200);
      clock.set(new Date(clock.now().getTime() + 2 * 3_600_000));
      await deliver();
      expect((await callbackNotices(p.id)).map((r) => r.status)).toEqual(['skipped']);
    } finally {
      send.mockRestore();
    }
  });
});
