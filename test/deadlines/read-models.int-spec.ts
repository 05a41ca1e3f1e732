import { ProjectedEvent, Projection, TableNames, liveTables, rebuildProjection } from '@wenzheng/projector';
import { DeadlineWatcher, NotificationQueue } from '@wenzheng/workers';
import { openDeadlinesProjection } from '@wenzheng/read-models';
import { NOTIFICATION_OUTBOX, notificationOutboxProjection, outboxKeptSince } from '@wenzheng/read-models';
import { APP_CONFIG, AppConfig } from '@wenzheng/platform';
import { FakeClock } from '@wenzheng/petition-store';
import { PetitionEventCodec } from '@wenzheng/petition-store';
import { createTestApp, TestApp } from '../setup/app';
import { shanghai, useFakeClock, waitForEveryEvent } from '../setup/clock';
import { DEPT_A, Tokens, dispatched, submission, submit, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// The watcher's and the sender's read models: a pure function of the events, so replaying a
// batch twice, or rebuilding from the start, gives the same rows.

let t: TestApp;
let tk: Tokens;
let clock: FakeClock;
const PROJECTIONS: Projection[] = [openDeadlinesProjection, notificationOutboxProjection];

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  clock = useFakeClock(t.app, shanghai('2026-09-29T10:00:00'));
});
afterAll(async () => t.close());

const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);

async function rowsOf(names: TableNames): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [logical, table] of Object.entries(names)) {
    const { rows } = await t.runtime.pool.query(`select row_to_json(x)::text as j from ${table} x`);
    out[logical] = rows.map((r) => r.j).sort();
  }
  return out;
}

async function decodedLog(): Promise<ProjectedEvent[]> {
  const codec = t.app.get(PetitionEventCodec);
  const out: ProjectedEvent[] = [];
  for (const r of await t.runtime.eventStore.readAll({ fromPosition: 'start', maxCount: 100_000 })) {
    if (!r.streamId.startsWith('petition-')) continue;
    const e = await codec.decode(r);
    out.push({ type: e.type, data: e.data, recorded: r });
  }
  return out;
}

it('replayed batches and a rebuild give the same rows as the live projection', async () => {
  // A bit of every path: answered and rated, extended, rejected, returned, red lights and an escalation.
  const rated = await dispatched(t, tk);
  await post(`/api/petitions/${rated.id}/acknowledge`, tk.handlerA).expect(200);
  await post(`/api/petitions/${rated.id}/respond`, tk.handlerA, { answer: '已处理。' }).expect(200);
  await t
    .http()
    .post(`/api/petitions/${rated.id}/rate`)
    .set('X-Access-Key', rated.accessKey)
    .send({ satisfaction: 'satisfied' })
    .expect(200);
  const extended = await dispatched(t, tk);
  await post(`/api/petitions/${extended.id}/acknowledge`, tk.handlerA).expect(200);
  await post(`/api/petitions/${extended.id}/extension-request`, tk.handlerA, {
    reason: '需现场核查',
    requestedRespondBy: '2026-10-22',
  }).expect(200);
  await post(`/api/petitions/${extended.id}/extension-decision`, tk.supervisor, { approved: true }).expect(200);
  const rejected = await submit(t);
  await post(`/api/petitions/${rejected.id}/review`, tk.reviewer, { outcome: 'rejected', reason: '不属于受理范围' }).expect(200);
  const returned = await dispatched(t, tk);
  await post(`/api/petitions/${returned.id}/return`, tk.handlerA, { reason: '不属本单位职责' }).expect(200);
  const late = await dispatched(t, tk);
  // A 12345 call, answered: its caller holds no access key (回访), and the outbox words its texts so.
  const call = (
    await t
      .http()
      .post('/api/petitions')
      .set(bearer(tk.reviewer))
      .send(submission({ channel: 'hotline_12345' }))
      .expect(201)
  ).body as { id: string };
  await post(`/api/petitions/${call.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
  await post(`/api/petitions/${call.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
  await post(`/api/petitions/${call.id}/acknowledge`, tk.handlerA).expect(200);
  await post(`/api/petitions/${call.id}/respond`, tk.handlerA, { answer: '已处理。' }).expect(200);
  clock.set(shanghai('2026-10-21T00:00:01'));
  await waitForEveryEvent(t.app, t.runtime.pool);
  await t.app.get(DeadlineWatcher).runOnce();
  await waitForEveryEvent(t.app, t.runtime.pool);

  const live = Object.fromEntries(await Promise.all(PROJECTIONS.map(async (p) => [p.name, await rowsOf(liveTables(p))])));
  const callbackTemplates = live.notification_outbox.notification_outbox
    .map((j: string) => JSON.parse(j))
    .filter((r: { petition_id: string; recipient: string }) => r.petition_id === call.id && r.recipient === 'citizen')
    .map((r: { template: string }) => r.template)
    .sort();
  expect(callbackTemplates).toEqual(['petition_accepted', 'petition_answered_callback', 'petition_received_callback']);
  const openRows = live.open_deadlines.open_deadlines.map((j: string) => JSON.parse(j)).filter((r: { closed: boolean }) => !r.closed);
  expect(openRows.map((r: { petition_id: string }) => r.petition_id).sort()).toEqual([extended.id, returned.id, late.id].sort());
  expect(openRows.find((r: { petition_id: string }) => r.petition_id === late.id)).toMatchObject({
    department_id: DEPT_A,
    ack_missed: true,
    respond_missed: true,
    responded_at: null,
  });
  expect(openRows.find((r: { petition_id: string }) => r.petition_id === returned.id)).toMatchObject({
    department_id: null,
    ack_due_at: null,
    respond_by: null,
  });

  // Duplicates: the whole log applied twice, then again in overlapping halves, to fresh tables.
  const events = await decodedLog();
  const client = await t.runtime.pool.connect();
  try {
    for (const p of PROJECTIONS) {
      const names = Object.fromEntries(p.tables.map((tb) => [tb, `wz_rm.${tb}__dup_test`]));
      for (const table of Object.values(names)) await client.query(`drop table if exists ${table}`);
      await p.createTables(client, names);
      await p.handle(client, events, names);
      await p.handle(client, events, names);
      await p.handle(client, events.slice(0, Math.ceil(events.length * 0.7)), names);
      await p.handle(client, events.slice(Math.floor(events.length * 0.3)), names);
      expect(await rowsOf(names)).toEqual(live[p.name]);
    }
  } finally {
    client.release();
  }

  // A rebuild from the start into fresh tables, swapped in.
  const codec = t.app.get(PetitionEventCodec);
  for (const p of PROJECTIONS) {
    await rebuildProjection(p, {
      pool: t.runtime.pool,
      store: t.runtime.eventStore,
      decode: async (r) => {
        const e = await codec.decode(r);
        return { type: e.type, data: e.data, recorded: r };
      },
    });
    expect(await rowsOf(liveTables(p))).toEqual(live[p.name]);
  }
});

it("a rebuild told keptSince writes the outbox the sender's pruning leaves at that instant, and nothing else differs", async () => {
  // The first test's log: messages of 2026-09-29 (submitted, dispatched, answered, rated) and of
  // 2026-10-21 (the late case's red light and escalation). Pruned at the 18th at noon, with
  // NOTIFY_MAX_AGE_HOURS at 72, the outbox keeps what happened after the 14th at noon.
  const { notifyMaxAgeHours } = t.app.get<AppConfig>(APP_CONFIG);
  expect(notifyMaxAgeHours).toBe(72);
  const now = shanghai('2026-10-18T12:00:00');
  const keptSince = outboxKeptSince(now, notifyMaxAgeHours);
  expect(keptSince).toEqual(shanghai('2026-10-14T12:00:00'));
  const names = liveTables(notificationOutboxProjection);
  const before = await rowsOf(names);
  const keep = (j: string) => Date.parse(JSON.parse(j).occurred_at) >= keptSince.getTime();
  const expected = { ...before, [NOTIFICATION_OUTBOX]: before[NOTIFICATION_OUTBOX].filter(keep) };
  // Both sides of the instant have rows, or the test would prove nothing.
  expect(expected[NOTIFICATION_OUTBOX].length).toBeGreaterThan(0);
  expect(expected[NOTIFICATION_OUTBOX].length).toBeLessThan(before[NOTIFICATION_OUTBOX].length);

  const codec = t.app.get(PetitionEventCodec);
  const options = {
    pool: t.runtime.pool,
    store: t.runtime.eventStore,
    decode: codec.projectionDecoder,
    batchSize: 7,
  };
  // Pages of 7 events, read stream by stream, then in the log's order.
  for (const byStream of [true, false]) {
    const rebuilt = await rebuildProjection(notificationOutboxProjection, { ...options, keptSince, byStream });
    expect(rebuilt.swapped).toBe(true);
    expect(await rowsOf(names)).toEqual(expected);
  }

  // Back to every row (no keptSince), then pruned at the same instant: the same table.
  await rebuildProjection(notificationOutboxProjection, options);
  expect(await rowsOf(names)).toEqual(before);
  const queue = t.app.get(NotificationQueue);
  const gone = before[NOTIFICATION_OUTBOX].length - expected[NOTIFICATION_OUTBOX].length;
  // Oldest first, at most the limit a call.
  expect(await queue.pruneOutbox(now, 1)).toBe(1);
  const oldest = before[NOTIFICATION_OUTBOX].map((j) => JSON.parse(j).occurred_at as string).sort(
    (a, b) => Date.parse(a) - Date.parse(b),
  )[0];
  const afterOne = (await rowsOf(names))[NOTIFICATION_OUTBOX].map((j) => Date.parse(JSON.parse(j).occurred_at));
  expect(Math.min(...afterOne)).toBeGreaterThanOrEqual(Date.parse(oldest));
  expect(await queue.pruneOutbox(now)).toBe(gone - 1);
  expect(await queue.pruneOutbox(now)).toBe(0);
  expect(await rowsOf(names)).toEqual(expected);
});
