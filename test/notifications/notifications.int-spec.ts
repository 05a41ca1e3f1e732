import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { departments } from '@wenzheng/reference-data';
import { DeadlineWatcher } from '@wenzheng/workers';
import { ReviewerRecipient1795530000000 } from '@wenzheng/read-models';
import { notificationOutboxProjection, outboxKeptSince } from '@wenzheng/read-models';
import { rebuildProjection } from '@wenzheng/projector';
import { PetitionEventCodec } from '@wenzheng/petition-store';
import { DELIVERIES } from '@wenzheng/workers';
import { notificationOutboxTable } from '@wenzheng/read-models';
import { NotificationSender } from '@wenzheng/workers';
import { PermanentSmsError, SMS_GATEWAY, SmsGateway, SmsMessage } from '@wenzheng/workers';
import { FakeClock } from '@wenzheng/petition-store';
import { createTestApp, TestApp } from '../setup/app';
import { shanghai, useFakeClock, waitForEveryEvent } from '../setup/clock';
import { CITIZEN, DEPT_A, DEPT_B, Tokens, dispatched, submission, submit, tokens, open311Report } from '../setup/petitions';
import { bearer } from '../setup/tokens';

const PHONES = { citizen: '13812345678', department: '13700000001', supervisor: '13900000009', reviewer: '13600000003' } as const;
const DEPT_A_NAME = departments[0].name;
const OPEN311_KEY = 'notifications-open311-key-0123456789';
const OPEN311_CLIENT = `fixmystreet:${createHash('sha256').update(OPEN311_KEY).digest('hex')}`;

let t: TestApp;
let tk: Tokens;
let clock: FakeClock;
let watcher: DeadlineWatcher;
let sender: NotificationSender;
let gateway: SmsGateway;
const logs: string[] = [];

beforeAll(async () => {
  t = await createTestApp({
    SMS_SUPERVISOR_PHONE: PHONES.supervisor,
    SMS_REVIEWER_PHONE: PHONES.reviewer,
    SMS_DEPARTMENT_PHONES: JSON.stringify({ [departments[0].code]: PHONES.department }), // DEPT_B has no number
    OPEN311_API_KEYS: OPEN311_CLIENT,
  });
  tk = await tokens();
  clock = useFakeClock(t.app, shanghai('2026-09-29T10:00:00'));
  watcher = t.app.get(DeadlineWatcher);
  sender = t.app.get(NotificationSender);
  gateway = t.app.get<SmsGateway>(SMS_GATEWAY);
  for (const level of ['log', 'warn', 'error', 'debug', 'verbose', 'fatal'] as const) {
    jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => {
      logs.push(`[${level}] ${args.map(String).join(' ')}`);
    });
  }
});
afterAll(async () => {
  jest.restoreAllMocks();
  await t.close();
});

const settle = () => waitForEveryEvent(t.app, t.runtime.pool);
const post = (path: string, token: string, body: object = {}, app: TestApp = t) => app.http().post(path).set(bearer(token)).send(body);

async function deliverAt(local?: string) {
  if (local) clock.set(shanghai(local));
  await settle();
  return sender.runOnce();
}

async function watchAt(local: string) {
  clock.set(shanghai(local));
  await settle();
  return watcher.runOnce();
}

async function deliveriesOf(petitionId: string) {
  const { rows } = await t.runtime.pool.query(
    `select * from ${DELIVERIES} where petition_id = $1 order by occurred_at, stream_revision, key`,
    [petitionId],
  );
  return rows;
}

/** A FixMyStreet report with the citizen's phone (a caller who holds no key): its case's tracking code. */
async function reportByOpen311(app: TestApp): Promise<string> {
  const res = await app
    .http()
    .post('/open311/v2/requests.json')
    .type('form')
    .send(open311Report(OPEN311_KEY, { phone: CITIZEN.phone }))
    .expect(201);
  return (res.body as { service_request_id: string }[])[0].service_request_id;
}

/** Every column of every outbox and delivery row, as text. */
async function allStoredNotificationText(app: TestApp = t): Promise<string> {
  const outbox = await app.runtime.pool.query(`select row_to_json(o)::text as j from ${notificationOutboxTable()} o`);
  const deliveries = await app.runtime.pool.query(`select row_to_json(d)::text as j from ${DELIVERIES} d`);
  return [...outbox.rows, ...deliveries.rows].map((r) => r.j).join('\n');
}

describe('every key step sends its SMS (每一关键流程都有短信通知)', () => {
  it('citizen, department and supervision office get the right texts, once, at the numbers read at send time', async () => {
    const send = jest.spyOn(gateway, 'send'); // calls through to the log gateway
    const p = await dispatched(t, tk); // submitted, accepted and dispatched at 2026-09-29T10:00
    await deliverAt();
    clock.set(shanghai('2026-09-29T11:00:00'));
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);

    // "due next working day": 09:00 of 10-14, the working day before respondBy 10-15.
    await watchAt('2026-10-14T08:59:59');
    expect((await deliveriesOf(p.id)).map((d) => d.template)).not.toContain('response_due_next_working_day');
    await watchAt('2026-10-14T09:00:00');
    await watchAt('2026-10-14T09:01:00'); // proposed again: still one
    await deliverAt();
    await watchAt('2026-10-16T00:00:01'); // 亮红灯
    await deliverAt();
    await watchAt('2026-10-21T00:00:01'); // 督办
    await deliverAt();
    clock.set(shanghai('2026-10-21T10:00:00'));
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已协调水务集团抢修，供水已恢复。' }).expect(200);
    await deliverAt();
    await deliverAt(); // nothing left

    const sms = send.mock.calls.map(([m]) => m as SmsMessage).filter((m) => m.text.includes(p.trackingCode));
    expect(sms.map((m) => [m.template, m.to])).toEqual([
      ['petition_received', PHONES.citizen],
      ['new_case_waiting', PHONES.reviewer],
      ['petition_accepted', PHONES.citizen],
      ['case_dispatched', PHONES.department],
      ['response_due_next_working_day', PHONES.department],
      ['deadline_missed', PHONES.department],
      ['petition_escalated', PHONES.citizen],
      ['case_escalated', PHONES.department],
      ['escalated_automatically', PHONES.supervisor],
      ['petition_answered', PHONES.citizen],
    ]);
    const text = Object.fromEntries(sms.map((m) => [m.template, m.text]));
    expect(text.petition_received).toBe(
      `【问政】您的诉求已收到，查询码${p.trackingCode}。请妥善保管查询码和查询密钥，可凭其查询办理进度。`,
    );
    expect(text.case_dispatched).toBe(
      `【问政】${DEPT_A_NAME}：您单位有新的问政件（查询码${p.trackingCode}），请于9月30日前签收、10月15日前答复。`,
    );
    expect(text.response_due_next_working_day).toContain('将于10月15日办理到期');
    expect(text.deadline_missed).toContain('已超过答复时限（10月15日），已亮红灯');
    expect(text.escalated_automatically).toContain(`承办单位${DEPT_A_NAME}）答复期限10月15日已逾期`);
    expect(text.petition_answered).toContain(`已由${DEPT_A_NAME}答复`);
    expect(text.petition_answered).toContain('于10月28日前'); // 5 working days after 10-21

    const rows = await deliveriesOf(p.id);
    expect(rows).toHaveLength(10);
    for (const r of rows) {
      expect(r).toMatchObject({ status: 'sent', attempts: 1, gateway_message_id: `log:${r.key}` });
      expect(sms.filter((m) => m.key === r.key)).toHaveLength(1);
    }
    expect(rows.find((r) => r.template === 'petition_received').recipient_masked).toBe('138****5678');
    expect(rows.find((r) => r.template === 'response_due_next_working_day')).toMatchObject({
      source: 'watcher',
      key: `reminder:${p.id}:response@${shanghai('2026-10-15T23:59:59.999').toISOString()}:department`,
    });

    const stored = await allStoredNotificationText();
    for (const phone of Object.values(PHONES)) expect(stored).not.toContain(phone);
    const logged = logs.join('\n');
    for (const phone of Object.values(PHONES)) expect(logged).not.toContain(phone);
    expect(logged).toContain(`to 138****5678 [petition_received] 【问政】您的诉求已收到，查询码${p.trackingCode}`);
    send.mockRestore();
  });

  it('tells the citizen about a rejection; the outbox holds one row per event and recipient', async () => {
    clock.set(shanghai('2026-11-02T09:00:00'));
    const p = await submit(t);
    await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'rejected', reason: '不属于受理范围' }).expect(200);
    await settle();
    const { rows } = await t.runtime.pool.query(
      `select event_type, recipient, template, params from ${notificationOutboxTable()} where petition_id = $1 order by occurred_at, stream_revision, key`,
      [p.id],
    );
    expect(rows).toEqual([
      { event_type: 'PetitionSubmitted', recipient: 'citizen', template: 'petition_received', params: { trackingCode: p.trackingCode } },
      { event_type: 'PetitionSubmitted', recipient: 'reviewer', template: 'new_case_waiting', params: { trackingCode: p.trackingCode } },
      { event_type: 'PetitionReviewed', recipient: 'citizen', template: 'petition_rejected', params: { trackingCode: p.trackingCode } },
    ]);
    await deliverAt();
    expect((await deliveriesOf(p.id)).map((d) => [d.template, d.status])).toEqual([
      ['petition_received', 'sent'],
      ['new_case_waiting', 'sent'],
      ['petition_rejected', 'sent'],
    ]);
  });
});

describe('the supervision office, the reviewers and the citizen hear of what waits for them (README, "Deadlines, supervision and SMS")', () => {
  it('extension request, approval, return, unsatisfied rating, reopen and 督办: each text to its recipient, once per event, no personal data to staff', async () => {
    const send = jest.spyOn(gateway, 'send');
    clock.set(shanghai('2026-09-29T10:00:00'));
    const p = await dispatched(t, tk);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    clock.set(shanghai('2026-09-30T15:00:00')); // the decision is due at the end of 10-08, after 国庆
    await post(`/api/petitions/${p.id}/extension-request`, tk.handlerA, {
      reason: '需多部门联合现场核查',
      requestedRespondBy: '2026-10-23',
    }).expect(200);
    await deliverAt();
    clock.set(shanghai('2026-10-08T09:00:00'));
    await post(`/api/petitions/${p.id}/extension-decision`, tk.supervisor, { approved: true }).expect(200);
    await post(`/api/petitions/${p.id}/escalate`, tk.supervisor, { reason: '群众多次来电反映' }).expect(200);
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已协调水务集团抢修，供水已恢复。' }).expect(200);
    await deliverAt();
    clock.set(shanghai('2026-10-09T09:00:00'));
    await t
      .http()
      .post(`/api/petitions/${p.id}/rate`)
      .set('X-Access-Key', p.accessKey)
      .send({ satisfaction: 'unsatisfied', comment: '仍然停水' })
      .expect(200);
    await post(`/api/petitions/${p.id}/reopen`, tk.supervisor, { reason: '群众反映问题未解决' }).expect(200);
    await deliverAt();
    clock.set(shanghai('2026-10-09T10:00:00')); // Friday; Saturday 10-10 is a working day
    const r = await dispatched(t, tk);
    await post(`/api/petitions/${r.id}/return`, tk.handlerA, { reason: '不属于本单位职责' }).expect(200);
    await deliverAt();
    await deliverAt(); // nothing twice

    const sent = (id: { trackingCode: string }) =>
      send.mock.calls.map(([m]) => m as SmsMessage).filter((m) => m.text.includes(id.trackingCode));
    const ours = sent(p).filter(
      (m) => !['petition_received', 'new_case_waiting', 'petition_accepted', 'case_dispatched'].includes(m.template),
    );
    expect(ours.map((m) => [m.template, m.to])).toEqual([
      ['extension_requested', PHONES.supervisor],
      ['petition_extended', PHONES.citizen],
      ['extension_approved', PHONES.department],
      ['petition_escalated', PHONES.citizen],
      ['case_escalated', PHONES.department], // a supervisor's own 督办 is not texted back to the office
      ['petition_answered', PHONES.citizen],
      ['rated_unsatisfied', PHONES.supervisor],
      ['petition_reopened', PHONES.citizen],
      ['case_reopened', PHONES.department],
    ]);
    const text = Object.fromEntries(ours.map((m) => [m.template, m.text]));
    expect(text.extension_requested).toBe(
      `【问政】延期申请：${DEPT_A_NAME}申请将问政件（查询码${p.trackingCode}）答复期限由10月15日延至10月23日，请于10月8日前审批，逾期未审批的由系统自动批准。`,
    );
    expect(text.petition_extended).toBe(
      `【问政】您的诉求（查询码${p.trackingCode}）办理期限已依规延长，${DEPT_A_NAME}将于10月23日前答复。`,
    );
    expect(text.petition_escalated).toBe(`【问政】您的诉求（查询码${p.trackingCode}）已列入督办，督查室将督促${DEPT_A_NAME}从速办理。`);
    expect(text.rated_unsatisfied).toBe(
      `【问政】不满意评价：问政件（查询码${p.trackingCode}，承办单位${DEPT_A_NAME}）的答复被群众评价为不满意，请及时研究是否退回重办。`,
    );
    expect(text.petition_reopened).toBe(
      `【问政】您的诉求（查询码${p.trackingCode}）因您评价不满意，已交${DEPT_A_NAME}重新办理，将于10月20日前重新答复。`,
    ); // 8 working days from Fri 10-09, Sat 10-10 one of them

    const returned = sent(r).filter((m) => m.template === 'case_returned');
    expect(returned.map((m) => [m.to, m.text])).toEqual([
      [PHONES.reviewer, `【问政】退单提醒：问政件（查询码${r.trackingCode}）已被${DEPT_A_NAME}退回，请于10月10日前重新转办。`],
    ]);
    const waiting = sent(r).filter((m) => m.template === 'new_case_waiting');
    expect(waiting.map((m) => [m.to, m.text])).toEqual([
      [PHONES.reviewer, `【问政】值班提醒：有新的问政件（查询码${r.trackingCode}）待审核受理，请及时处理。`],
    ]);

    // once per event and recipient: every delivery sent once, no two for one event and recipient
    const rows = [...(await deliveriesOf(p.id)), ...(await deliveriesOf(r.id))];
    for (const row of rows) expect(send.mock.calls.filter(([m]) => (m as SmsMessage).key === row.key)).toHaveLength(1);
    expect(new Set(rows.map((row) => `${row.event_id}:${row.recipient}`)).size).toBe(rows.length);
    // staff texts name the case and the department, never the citizen
    for (const m of [...sent(p), ...sent(r)].filter((x) => x.to !== PHONES.citizen)) {
      for (const secret of [CITIZEN.name, CITIZEN.phone, CITIZEN.idNumber, CITIZEN.email]) expect(m.text).not.toContain(secret);
    }
    const stored = await allStoredNotificationText();
    for (const phone of Object.values(PHONES)) expect(stored).not.toContain(phone);
    send.mockRestore();
  });

  it('an installation whose tables predate the reviewer recipient is widened by its migration', async () => {
    const tables = [notificationOutboxTable(), DELIVERIES];
    const checks = async () =>
      (
        await t.runtime.pool.query(
          `select pg_get_constraintdef(oid) as d from pg_constraint where conrelid = any($1::regclass[]) and contype = 'c' and pg_get_constraintdef(oid) like '%recipient%'`,
          [tables],
        )
      ).rows.map((x) => x.d as string);
    await t.runtime.pool.query(`delete from ${notificationOutboxTable()} where recipient = 'reviewer'`);
    await t.runtime.pool.query(`delete from ${DELIVERIES} where recipient = 'reviewer'`);
    for (const table of tables) {
      const { rows } = await t.runtime.pool.query(
        `select conname from pg_constraint where conrelid = $1::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%recipient%'`,
        [table],
      );
      for (const c of rows) await t.runtime.pool.query(`alter table ${table} drop constraint ${c.conname}`);
      await t.runtime.pool.query(
        `alter table ${table} add constraint old_recipient_check check (recipient in ('citizen', 'department', 'supervisor'))`,
      );
    }
    expect((await checks()).every((d) => !d.includes('reviewer'))).toBe(true);
    await new ReviewerRecipient1795530000000().up({ query: (sql: string) => t.runtime.pool.query(sql) } as unknown as QueryRunner);
    const after = await checks();
    expect(after).toHaveLength(2);
    for (const d of after) expect(d).toContain('reviewer');
  });
});

describe('delivery: at least once, each SMS once', () => {
  it('a gateway that fails N times still ends with each SMS sent exactly once, with back-off, by several senders at once', async () => {
    clock.set(shanghai('2026-11-03T09:00:00'));
    const a = await dispatched(t, tk);
    const b = await submit(t);
    await post(`/api/petitions/${b.id}/review`, tk.reviewer, { outcome: 'duplicate', reason: '重复诉求', duplicateOf: a.id }).expect(200);
    await settle();

    const N = 6;
    let failuresLeft = N;
    const calls: SmsMessage[] = [];
    const succeeded = new Map<string, number>();
    const send = jest.spyOn(gateway, 'send').mockImplementation(async (m: SmsMessage) => {
      calls.push(m);
      await new Promise((r) => setTimeout(r, 5));
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new Error(`provider timed out delivering to ${m.to}`); // a careless provider error naming the number
      }
      succeeded.set(m.key, (succeeded.get(m.key) ?? 0) + 1);
      return { messageId: `fake-${m.key}` };
    });
    try {
      await Promise.all([sender.runOnce(), sender.runOnce(), sender.runOnce()]);
      const failedOnce = (await deliveriesOf(a.id)).concat(await deliveriesOf(b.id)).filter((d) => d.status === 'pending');
      expect(failedOnce.length).toBeGreaterThan(0);
      for (const d of failedOnce) {
        const delay = d.next_attempt_at.getTime() - clock.now().getTime();
        expect(delay).toBeGreaterThanOrEqual(27_000); // NOTIFY_RETRY_BASE_MS 30 s ± 10 %
        expect(delay).toBeLessThanOrEqual(33_000);
        expect(d.last_error).toContain('provider timed out delivering to 1');
        expect(d.last_error).toMatch(/\d{3}\*{4}\d{4}/);
      }
      for (let round = 0; round < 10; round++) {
        clock.advance(2 * 3_600_000);
        await Promise.all([sender.runOnce(), sender.runOnce(), sender.runOnce()]);
      }
    } finally {
      send.mockRestore();
    }

    const rows = [...(await deliveriesOf(a.id)), ...(await deliveriesOf(b.id))];
    expect(rows.map((r) => r.template).sort()).toEqual(
      [
        'case_dispatched',
        'new_case_waiting',
        'new_case_waiting',
        'petition_accepted',
        'petition_duplicate',
        'petition_received',
        'petition_received',
      ].sort(),
    );
    for (const r of rows) {
      expect(r.status).toBe('sent');
      expect(succeeded.get(r.key)).toBe(1);
      expect(r.gateway_message_id).toBe(`fake-${r.key}`);
      expect(r.last_error).toBeNull();
    }
    expect(calls).toHaveLength(rows.length + N);
    expect(rows.reduce((n, r) => n + r.attempts, 0)).toBe(rows.length + N);
    const phoneFor: Record<string, string> = { case_dispatched: PHONES.department, new_case_waiting: PHONES.reviewer };
    for (const m of calls) expect(m.to).toBe(phoneFor[m.template] ?? PHONES.citizen);
    const stored = await allStoredNotificationText();
    for (const phone of Object.values(PHONES)) expect(stored).not.toContain(phone);
    for (const phone of Object.values(PHONES)) expect(logs.join('\n')).not.toContain(phone);
  });

  it('a refusal that retrying cannot change fails at once; endless failures stop after NOTIFY_MAX_ATTEMPTS', async () => {
    clock.set(shanghai('2026-11-04T09:00:00'));
    const p = await submit(t);
    await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    await settle();
    const send = jest.spyOn(gateway, 'send').mockImplementation(async (m: SmsMessage) => {
      if (m.template === 'petition_received') throw new PermanentSmsError('SMS gateway example.test answered HTTP 400');
      throw new Error('SMS gateway example.test answered HTTP 503');
    });
    try {
      for (let round = 0; round < 12; round++) {
        await sender.runOnce();
        clock.advance(2 * 3_600_000);
      }
    } finally {
      send.mockRestore();
    }
    const rows = await deliveriesOf(p.id);
    expect(rows.map((r) => [r.template, r.status, r.attempts])).toEqual([
      ['petition_received', 'failed', 1],
      ['new_case_waiting', 'failed', 8],
      ['petition_accepted', 'failed', 8],
    ]);
    expect(rows[2].last_error).toBe('SMS gateway example.test answered HTTP 503');
  });

  it('skips a recipient without a number, and never texts about events older than NOTIFY_MAX_AGE_HOURS', async () => {
    clock.set(shanghai('2026-11-05T09:00:00'));
    const p = await dispatched(t, tk, DEPT_B);
    await deliverAt();
    const rows = await deliveriesOf(p.id);
    const toDepartment = rows.find((r) => r.template === 'case_dispatched');
    expect(toDepartment).toMatchObject({ status: 'skipped', attempts: 1 });
    expect(toDepartment.last_error).toContain(`no duty number for department ${departments[1].code}`);
    // A newcomer's find (2026-12-07): a warning for every such message. Said once, then at debug level.
    const second = await dispatched(t, tk, DEPT_B);
    await deliverAt();
    expect((await deliveriesOf(second.id)).find((r) => r.template === 'case_dispatched')).toMatchObject({ status: 'skipped' });
    const about = logs.filter((l) => l.includes(`not sent: no duty number for department ${departments[1].code}`));
    expect(about.filter((l) => l.startsWith('[warn]'))).toHaveLength(1);
    expect(about.filter((l) => l.startsWith('[debug]')).length).toBeGreaterThanOrEqual(1);

    clock.set(shanghai('2026-11-06T09:00:00'));
    const old = await submit(t);
    await deliverAt('2026-11-09T09:00:01'); // 72 h and a second later
    expect(await deliveriesOf(old.id)).toEqual([]);
  });
});

describe('a "due next working day" reminder the watcher queued', () => {
  it('is sent at send time only while its deadline still runs: not once answered, nor on a retry after the answer', async () => {
    clock.set(shanghai('2026-09-29T10:00:00'));
    const answered = await dispatched(t, tk); // answered after the reminder was queued, before the sender ran
    const delayed = await dispatched(t, tk); // the gateway was down for it; answered before the retry
    const open = await dispatched(t, tk); // still open: its reminder goes out
    clock.set(shanghai('2026-09-29T11:00:00'));
    for (const p of [answered, delayed, open]) await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    await deliverAt();

    await watchAt('2026-10-14T09:00:00');
    const reminder = async (id: string) => (await deliveriesOf(id)).find((d) => d.template === 'response_due_next_working_day');
    for (const p of [answered, delayed, open]) expect(await reminder(p.id)).toMatchObject({ status: 'pending', source: 'watcher' });
    const downFor = (await reminder(delayed.id)).key as string;
    const through = gateway.send.bind(gateway);
    const send = jest.spyOn(gateway, 'send').mockImplementation(async (m: SmsMessage) => {
      if (m.key === downFor) throw new Error('connect ECONNREFUSED 10.0.0.9:443');
      return through(m);
    });
    try {
      clock.set(shanghai('2026-10-14T09:01:00'));
      await post(`/api/petitions/${answered.id}/respond`, tk.handlerA, { answer: '已协调处理，问题已解决。' }).expect(200);
      await deliverAt();
      expect(await reminder(answered.id)).toMatchObject({ status: 'skipped', attempts: 1, sent_at: null });
      expect((await reminder(answered.id)).last_error).toContain('no longer runs');
      expect(await reminder(delayed.id)).toMatchObject({ status: 'pending', attempts: 1 });
      expect(await reminder(open.id)).toMatchObject({ status: 'sent' });

      clock.set(shanghai('2026-10-14T10:00:00'));
      await post(`/api/petitions/${delayed.id}/respond`, tk.handlerA, { answer: '已协调处理，问题已解决。' }).expect(200);
      await deliverAt('2026-10-14T14:00:00'); // past the back-off
      expect(await reminder(delayed.id)).toMatchObject({ status: 'skipped', attempts: 2 });
      const reminders = send.mock.calls.map(([m]) => m as SmsMessage).filter((m) => m.template === 'response_due_next_working_day');
      // One attempt at the delayed one while the gateway was down, none after the answer, none for the answered one.
      expect(reminders.map((m) => m.key).sort()).toEqual([downFor, (await reminder(open.id)).key].sort());
      expect(logs.join('\n')).toContain(
        `SMS ${(await reminder(answered.id)).key} [response_due_next_working_day] not sent: the response deadline`,
      );
    } finally {
      send.mockRestore();
    }
  });
});

describe('the outbox keeps only what the sender can still take', () => {
  const outboxRowsOf = async (petitionId: string) =>
    (await t.runtime.pool.query(`select key from ${notificationOutboxTable()} where petition_id = $1`, [petitionId])).rows.length;
  const olderThan = async (instant: Date) =>
    (await t.runtime.pool.query(`select count(*)::int as n from ${notificationOutboxTable()} where occurred_at < $1`, [instant])).rows[0]
      .n as number;

  it('prunes as it runs the rows of events older than NOTIFY_MAX_AGE_HOURS and a day; what it sent stays in its deliveries', async () => {
    clock.set(shanghai('2026-12-01T09:00:00'));
    const sent = await submit(t);
    await deliverAt();
    const delivered = await deliveriesOf(sent.id);
    expect(delivered.map((d) => d.status)).toEqual(['sent', 'sent']);
    clock.set(shanghai('2026-12-01T12:00:00'));
    const unsent = await submit(t); // the sender does not run until it is past the 72 h
    clock.set(shanghai('2026-12-04T09:00:00'));
    const fresh = await submit(t);
    await settle();
    for (const p of [sent, unsent, fresh]) expect(await outboxRowsOf(p.id)).toBe(2);

    // At 12-05 09:00:01 the sender takes events from 12-02 09:00:01 and the outbox keeps those from 12-01 09:00:01.
    const due = await olderThan(shanghai('2026-12-01T09:00:01'));
    expect(due).toBeGreaterThanOrEqual(2); // the sent case's, and the earlier tests' (all of October and November)
    const run = await deliverAt('2026-12-05T09:00:01');
    expect(run).toMatchObject({ pruned: due, sent: 2 });
    expect(await outboxRowsOf(sent.id)).toBe(0);
    expect(await deliveriesOf(sent.id)).toEqual(delivered);
    expect(await outboxRowsOf(unsent.id)).toBe(2); // kept a day past the window, never texted
    expect(await deliveriesOf(unsent.id)).toEqual([]);
    expect(await outboxRowsOf(fresh.id)).toBe(2);
    expect((await deliveriesOf(fresh.id)).map((d) => d.status)).toEqual(['sent', 'sent']);
    expect(await olderThan(shanghai('2026-12-01T09:00:01'))).toBe(0);
    expect((await deliverAt()).pruned).toBe(0);

    // A day later the unsent case's rows go too; the fresh case's stay.
    expect((await deliverAt('2026-12-06T09:00:01')).pruned).toBe(2);
    expect(await outboxRowsOf(unsent.id)).toBe(0);
    expect(await deliveriesOf(unsent.id)).toEqual([]);
    expect(await outboxRowsOf(fresh.id)).toBe(2);
  });

  it("a pass whose clock runs days fast prunes nothing PostgreSQL's clock calls recent: once the clock is right, the texts go", async () => {
    const right = new Date();
    clock.set(right);
    const p = await submit(t);
    await settle();
    clock.set(new Date(right.getTime() + 30 * 86_400_000)); // a month fast: this pass takes nothing of today
    await sender.runOnce();
    expect(await deliveriesOf(p.id)).toEqual([]);
    expect(await outboxRowsOf(p.id)).toBe(2);
    clock.set(new Date(right.getTime() + 60_000));
    await sender.runOnce();
    expect((await deliveriesOf(p.id)).map((d) => d.status)).toEqual(['sent', 'sent']);
  });
});

describe('回访: a caller who holds no access key (ratedByCallBack) is told of the call-back, never of a key or a rating date', () => {
  const KEY_OR_DATE = /密钥|前对办理结果作出评价/;

  /** A 12345 call the hotline office entered (reviewer), accepted and dispatched to DEPT_A. */
  async function call() {
    const res = await t
      .http()
      .post('/api/petitions')
      .set(bearer(tk.reviewer))
      .send(submission({ channel: 'hotline_12345' }))
      .expect(201);
    const p = res.body as { id: string; trackingCode: string };
    await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
    return p;
  }
  const answer = async (id: string) => {
    await post(`/api/petitions/${id}/acknowledge`, tk.handlerA).expect(200);
    await post(`/api/petitions/${id}/respond`, tk.handlerA, { answer: '已安排维修，供水已恢复。' }).expect(200);
  };
  const textsAbout = (send: jest.SpyInstance, trackingCode: string) =>
    send.mock.calls.map(([m]) => m as SmsMessage).filter((m) => m.text.includes(trackingCode));

  it('a 12345 call and an Open311 report: received and answered say 回访; a web case keeps its wording', async () => {
    const send = jest.spyOn(gateway, 'send');
    try {
      clock.set(shanghai('2026-12-14T10:00:00'));
      const hotline = await call();
      const web = await dispatched(t, tk);
      const reported = await reportByOpen311(t);
      await deliverAt();
      clock.set(shanghai('2026-12-15T10:00:00'));
      for (const p of [hotline, web]) await answer(p.id);
      await deliverAt();

      const toCitizen = (code: string) => textsAbout(send, code).filter((m) => m.to === PHONES.citizen);
      expect(toCitizen(hotline.trackingCode).map((m) => [m.template, m.text])).toEqual([
        [
          'petition_received_callback',
          `【问政】您的诉求已收到，查询码${hotline.trackingCode}，可凭查询码致电12345查询办理进度。答复后我们将电话回访，听取您对办理结果的评价。`,
        ],
        ['petition_accepted', `【问政】您的诉求（查询码${hotline.trackingCode}）已通过审核并受理，将转交有关单位办理。`],
        [
          'petition_answered_callback',
          `【问政】您的诉求（查询码${hotline.trackingCode}）已由${DEPT_A_NAME}答复。我们将电话回访，了解您对办理结果是否满意，请留意来电。`,
        ],
      ]);
      expect(toCitizen(reported).map((m) => m.template)).toEqual(['petition_received_callback']);
      for (const m of [...toCitizen(hotline.trackingCode), ...toCitizen(reported)]) expect(m.text).not.toMatch(KEY_OR_DATE);

      // A citizen who holds the key: the wording as before, key and rating date included.
      const own = toCitizen(web.trackingCode);
      expect(own.map((m) => m.template)).toEqual(['petition_received', 'petition_accepted', 'petition_answered']);
      expect(own[0].text).toContain('请妥善保管查询码和查询密钥');
      expect(own[2].text).toContain('于12月22日前对办理结果作出评价'); // 5 working days after 12-15
      // The staff's texts are the same for both.
      expect(
        textsAbout(send, hotline.trackingCode)
          .filter((m) => m.to !== PHONES.citizen)
          .map((m) => m.template),
      ).toEqual(['new_case_waiting', 'case_dispatched']);
      const logged = logs.join('\n');
      expect(logged).not.toContain(CITIZEN.phone);
      expect(logged).not.toContain(CITIZEN.name);
    } finally {
      send.mockRestore();
    }
  });

  it('an interim reply and a request for information send a caller without a key to 12345 with the code; a web case keeps its wording', async () => {
    const send = jest.spyOn(gateway, 'send');
    try {
      clock.set(shanghai('2026-12-21T10:00:00'));
      const hotline = await call();
      const web = await dispatched(t, tk);
      for (const p of [hotline, web]) {
        await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
        await post(`/api/petitions/${p.id}/interim-reply`, tk.handlerA, { text: '已联系施工单位现场核查，届时正式答复。' }).expect(200);
        await post(`/api/petitions/${p.id}/information-request`, tk.handlerA, { question: '请补充漏水位置的楼栋单元号。' }).expect(200);
      }
      await deliverAt();
      const toCitizen = (code: string) =>
        textsAbout(send, code)
          .filter((m) => m.to === PHONES.citizen)
          .filter((m) => m.template.startsWith('petition_interim_reply') || m.template.startsWith('petition_information_requested'));
      const called = toCitizen(hotline.trackingCode);
      expect(called.map((m) => m.template)).toEqual(['petition_interim_reply_callback', 'petition_information_requested_callback']);
      expect(called[0].text).toContain(`查询码${hotline.trackingCode}）作出了阶段性答复，可凭查询码致电12345了解`);
      expect(called[1].text).toMatch(/请于12月\d+日前凭查询码致电12345了解并补充/);
      for (const m of called) expect(m.text).not.toMatch(/查看|密钥/);
      const own = toCitizen(web.trackingCode);
      expect(own.map((m) => m.template)).toEqual(['petition_interim_reply', 'petition_information_requested']);
      expect(own[1].text).toContain('凭查询码和查询密钥查看并提交'); // viewing online takes the key too
    } finally {
      send.mockRestore();
    }
  });

  it('a refusal or a duplicate sends a caller without a key to 12345 with the code; a web case keeps its wording', async () => {
    const send = jest.spyOn(gateway, 'send');
    try {
      clock.set(shanghai('2026-12-22T10:00:00'));
      const entered = async (channel: string) =>
        (await t.http().post('/api/petitions').set(bearer(tk.reviewer)).send(submission({ channel })).expect(201)).body as {
          id: string;
          trackingCode: string;
        };
      const original = await call();
      const [rejectedCall, duplicateCall, rejectedWeb] = [
        await entered('hotline_12345'),
        await entered('hotline_12345'),
        await entered('web'),
      ];
      await post(`/api/petitions/${rejectedCall.id}/review`, tk.reviewer, { outcome: 'rejected', reason: '不属于受理范围' }).expect(200);
      await post(`/api/petitions/${rejectedWeb.id}/review`, tk.reviewer, { outcome: 'rejected', reason: '不属于受理范围' }).expect(200);
      await post(`/api/petitions/${duplicateCall.id}/review`, tk.reviewer, {
        outcome: 'duplicate',
        reason: '与已受理的来电重复',
        duplicateOf: original.id,
      }).expect(200);
      await deliverAt();
      const reviewed = (code: string) =>
        textsAbout(send, code).find((m) => m.to === PHONES.citizen && /^petition_(rejected|duplicate)/.test(m.template));
      expect(reviewed(rejectedCall.trackingCode)).toMatchObject({
        template: 'petition_rejected_callback',
        text: `【问政】您的诉求（查询码${rejectedCall.trackingCode}）经审核未予受理，具体原因可凭查询码致电12345了解。`,
      });
      expect(reviewed(duplicateCall.trackingCode)?.template).toBe('petition_duplicate_callback');
      expect(reviewed(duplicateCall.trackingCode)?.text).toContain('可凭查询码致电12345了解进度');
      expect(reviewed(rejectedWeb.trackingCode)?.template).toBe('petition_rejected');
      expect(reviewed(rejectedWeb.trackingCode)?.text).toContain('具体原因请凭查询码和查询密钥查询'); // online, the key too
    } finally {
      send.mockRestore();
    }
  });

  it('请留意来电 is not sent once the 回访 is recorded before it went (a sender that was down); it goes while the call-back is awaited', async () => {
    const send = jest.spyOn(gateway, 'send');
    try {
      clock.set(shanghai('2026-12-28T10:00:00'));
      const late = await call();
      const awaited = await call();
      await deliverAt();
      for (const p of [late, awaited]) await answer(p.id);
      // The sender is down; the office calls the first caller back meanwhile.
      await post(`/api/petitions/${late.id}/rate`, tk.reviewer, { via: 'callback', satisfaction: 'satisfied' }).expect(200);
      await deliverAt();
      const notice = async (id: string) =>
        ((await deliveriesOf(id)) as { template: string; status: string; last_error: string | null }[]).find(
          (r) => r.template === 'petition_answered_callback',
        );
      expect(await notice(late.id)).toMatchObject({ status: 'skipped', last_error: expect.stringContaining('no longer awaited') });
      expect(await notice(awaited.id)).toMatchObject({ status: 'sent' });
      expect(textsAbout(send, late.trackingCode).some((m) => m.template === 'petition_answered_callback')).toBe(false);
      expect(textsAbout(send, awaited.trackingCode).filter((m) => m.template === 'petition_answered_callback')).toHaveLength(1);
    } finally {
      send.mockRestore();
    }
  });

  it('a caller who gave a landline is sent no text (it takes none); the office still gets its own', async () => {
    const send = jest.spyOn(gateway, 'send');
    try {
      clock.set(shanghai('2026-12-23T10:00:00'));
      const landline = (
        await t
          .http()
          .post('/api/petitions')
          .set(bearer(tk.reviewer))
          .send(submission({ channel: 'hotline_12345', citizen: { name: '张伟', phone: '0577-88123456' } }))
          .expect(201)
      ).body as { id: string; trackingCode: string };
      await deliverAt();
      const rows = (await deliveriesOf(landline.id)) as { recipient: string; status: string; last_error: string | null }[];
      expect(rows.find((r) => r.recipient === 'citizen')).toMatchObject({
        status: 'skipped',
        last_error: expect.stringContaining('landline'),
      });
      expect(rows.find((r) => r.recipient === 'reviewer')).toMatchObject({ status: 'sent' });
      const to = textsAbout(send, landline.trackingCode).map((m) => m.to);
      expect(to).toEqual([PHONES.reviewer]);
      expect(JSON.stringify(rows)).not.toContain('88123456');
    } finally {
      send.mockRestore();
    }
  });

  it('an upgrade rebuilds the outbox: what was sent before stays sent once in its old wording; what is queued after says 回访', async () => {
    const send = jest.spyOn(gateway, 'send');
    try {
      clock.set(shanghai('2026-12-16T10:00:00'));
      const p = await call();
      await settle();
      // What the outbox of version 1 held: the key-and-date wording, taken and sent by the sender.
      await t.runtime.pool.query(
        `update ${notificationOutboxTable()} set template = 'petition_received' where petition_id = $1 and template = $2`,
        [p.id, 'petition_received_callback'],
      );
      await deliverAt();
      const before = await deliveriesOf(p.id);
      expect(before.map((d) => [d.template, d.status])).toEqual([
        ['petition_received', 'sent'],
        ['new_case_waiting', 'sent'],
        ['petition_accepted', 'sent'],
        ['case_dispatched', 'sent'],
      ]);

      // The upgrade: version 1's tables (no rated_by_call_back) wait for `npm run rebuild -- notification_outbox`,
      // and the case is answered meanwhile.
      await t.runtime.pool.query(`update wz_rm.projection_checkpoints set version = 1 where name = 'notification_outbox'`);
      await t.runtime.pool.query(`alter table wz_rm.notification_petitions drop column rated_by_call_back`);
      clock.set(shanghai('2026-12-16T11:00:00'));
      await answer(p.id);
      const codec = t.app.get(PetitionEventCodec);
      const rebuilt = await rebuildProjection(notificationOutboxProjection, {
        pool: t.runtime.pool,
        store: t.runtime.eventStore,
        decode: codec.projectionDecoder,
        keptSince: outboxKeptSince(clock.now(), 72),
      });
      expect(rebuilt.swapped).toBe(true);
      // The rebuilt outbox words every message of the case the new way, the one sent before included …
      const { rows: outbox } = await t.runtime.pool.query(
        `select template from ${notificationOutboxTable()} where petition_id = $1 and recipient = 'citizen' order by stream_revision`,
        [p.id],
      );
      expect(outbox.map((r) => r.template)).toEqual(['petition_received_callback', 'petition_accepted', 'petition_answered_callback']);

      // … and the sender, whose deliveries no rebuild touches, takes only what it never took.
      await deliverAt();
      clock.set(shanghai('2026-12-16T12:00:00'));
      await post(`/api/petitions/${p.id}/rate`, tk.reviewer, { via: 'callback', satisfaction: 'unsatisfied' }).expect(200);
      const next = await call(); // the live projector, back at work on the rebuilt tables
      await deliverAt();
      await deliverAt();
      const after = await deliveriesOf(p.id);
      expect(after.slice(0, before.length)).toEqual(before); // not re-worded, not resent, not touched
      expect(after.slice(before.length).map((d) => [d.template, d.status])).toEqual([
        ['petition_answered_callback', 'sent'],
        ['rated_unsatisfied', 'sent'],
      ]);
      const texts = textsAbout(send, p.trackingCode);
      for (const d of after) expect(texts.filter((m) => m.key === d.key)).toHaveLength(1);
      expect(texts.map((m) => m.template)).toEqual([
        'petition_received',
        'new_case_waiting',
        'petition_accepted',
        'case_dispatched',
        'petition_answered_callback',
        'rated_unsatisfied',
      ]);
      expect(textsAbout(send, next.trackingCode).map((m) => m.template)).toEqual([
        'petition_received_callback',
        'new_case_waiting',
        'petition_accepted',
        'case_dispatched',
      ]);
      expect(texts.find((m) => m.template === 'petition_answered_callback')?.text).not.toMatch(KEY_OR_DATE);
      const { rows: facts } = await t.runtime.pool.query(
        `select rated_by_call_back from wz_rm.notification_petitions where petition_id = $1`,
        [p.id],
      );
      expect(facts).toEqual([{ rated_by_call_back: true }]);
    } finally {
      send.mockRestore();
    }
  });
});

describe("PUBLIC_SITE_URL: a key holder's texts name the site's 我的留言 page, never the key (README, Configuration)", () => {
  const SITE = 'https://wz.example.gov.cn';
  let site: TestApp;

  beforeAll(async () => {
    site = await createTestApp({
      PUBLIC_SITE_URL: `${SITE}/`,
      OPEN311_API_KEYS: OPEN311_CLIENT,
    });
    useFakeClock(site.app, shanghai('2026-12-01T10:00:00'));
  });
  afterAll(() => site.close());

  it("received and rejected send the citizen to the site's /my; an Open311 caller is sent to 12345; no text, log line or stored row holds the key", async () => {
    const send = jest.spyOn(site.app.get<SmsGateway>(SMS_GATEWAY), 'send');
    try {
      const p = await submit(site);
      await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'rejected', reason: '不属于受理范围' }, site).expect(200);
      const reported = await reportByOpen311(site);
      await waitForEveryEvent(site.app, site.runtime.pool);
      await site.app.get(NotificationSender).runOnce();

      const sms = send.mock.calls.map(([m]) => m as SmsMessage);
      const texts = Object.fromEntries(sms.filter((m) => m.text.includes(p.trackingCode)).map((m) => [m.template, m.text]));
      expect(texts).toEqual({
        petition_received: `【问政】您的诉求已收到，查询码${p.trackingCode}。请妥善保管查询码和查询密钥，可凭其登录${SITE}/my 查询办理进度。`,
        petition_rejected: `【问政】您的诉求（查询码${p.trackingCode}）经审核未予受理，具体原因请凭查询码和查询密钥登录${SITE}/my 查询。`,
      });
      const caller = sms.filter((m) => m.text.includes(reported));
      expect(caller.map((m) => m.template)).toEqual(['petition_received_callback']);
      expect(caller[0].text).not.toContain(SITE);

      const { rows } = await site.runtime.pool.query(`select status from ${DELIVERIES} where petition_id = $1 and recipient = 'citizen'`, [
        p.id,
      ]);
      expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
      for (const m of sms) expect(m.text).not.toContain(p.accessKey);
      const logged = logs.join('\n');
      expect(logged).toContain(
        `[petition_received] 【问政】您的诉求已收到，查询码${p.trackingCode}。请妥善保管查询码和查询密钥，可凭其登录${SITE}/my 查询`,
      );
      expect(logged).not.toContain(p.accessKey);
      expect(await allStoredNotificationText(site)).not.toContain(p.accessKey);
    } finally {
      send.mockRestore();
    }
  });
});
