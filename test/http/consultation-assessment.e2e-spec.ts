import type { INestApplicationContext } from '@nestjs/common';
import { ConsultationWatcher } from '@wenzheng/workers';
import type { FakeClock } from '@wenzheng/petition-store';
import { createWorkerContext } from '../../apps/worker/src/worker-app.module';
import { createTestApp, TestApp } from '../setup/app';
import { installClock, shanghai, useFakeClock, waitForEveryEvent } from '../setup/clock';
import { DEPT_A, DEPT_B, Tokens, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// The consultation red light (亮红灯) in the department's assessment: two drafts of October 2026
// close at the end of Fri 10-23; their summaries are due 15 working days later, the end of Fri
// 11-13. Department B publishes on time, department A does not; the worker's watcher lights A's
// red light and the November report deducts docs/scoring.md's 2 points on its own line.

let t: TestApp;
let tk: Tokens;
let clock: FakeClock;
let worker: INestApplicationContext;
const ids = { a: '', b: '' };

const settle = () => waitForEveryEvent(t.app, t.runtime.pool);
const publish = async (token: string) =>
  (
    await t
      .http()
      .post('/api/consultations')
      .set(bearer(token))
      .send({ title: '《城市供水管理条例（征求意见稿）》', draft: '第一条……', opensAt: '2026-10-12', closesAt: '2026-10-23' })
      .expect(201)
  ).body.id as string;
const november = async (query = '') =>
  (await t.http().get(`/api/reports/assessment?from=2026-11-01&to=2026-12-01${query}`).set(bearer(tk.supervisor)).expect(200)).body;
const department = (report: { departments: { departmentId: string }[] }, id: string) =>
  report.departments.find((d) => d.departmentId === id) as unknown as Record<string, unknown> & { deductions: Record<string, unknown>[] };
const streamOf = (id: string) => t.runtime.eventStore.readStream(`consultation-${id}`);

beforeAll(async () => {
  // The API's own schedules stay off: the worker's watcher does the work here.
  t = await createTestApp({ DEADLINE_WATCHER_INTERVAL_MS: '0', NOTIFY_SENDER_INTERVAL_MS: '0' });
  tk = await tokens();
  clock = useFakeClock(t.app, shanghai('2026-10-12T09:00:00'));
  worker = await createWorkerContext(t.runtime, { logger: false });
  installClock(worker, clock);
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

it('the worker closes both consultations after the period; B publishes its summary on time', async () => {
  ids.a = await publish(tk.handlerA);
  ids.b = await publish(tk.handlerB);
  clock.set(shanghai('2026-10-24T09:00:00'));
  await settle();
  expect(await worker.get(ConsultationWatcher).runOnce()).toEqual({ closed: 2, overdue: 0 });
  clock.set(shanghai('2026-10-26T10:00:00'));
  await t
    .http()
    .post(`/api/consultations/${ids.b}/summary`)
    .set(bearer(tk.handlerB))
    .send({ items: [{ topic: '水价', outcome: 'not_adopted', reason: '水价不在本条例调整范围' }], text: '共收到意见0条。' })
    .expect(200);
});

it('until the due date has passed the summary is pending: no red light, no points', async () => {
  clock.set(shanghai('2026-11-13T23:00:00'));
  await settle();
  expect(await worker.get(ConsultationWatcher).runOnce()).toEqual({ closed: 0, overdue: 0 });
  const report = await november();
  expect(department(report, DEPT_A)).toMatchObject({
    score: 100,
    consultationSummaries: { met: 0, missed: 0, pending: 1 },
    deductions: [],
  });
  expect(department(report, DEPT_B)).toMatchObject({ score: 100, consultationSummaries: { met: 0, missed: 0, pending: 1 } });
});

it('after it the worker lights the red light once, and the report deducts 2 points from A on a line naming the consultation and its events', async () => {
  clock.set(shanghai('2026-11-14T00:05:00'));
  await settle();
  expect(await worker.get(ConsultationWatcher).runOnce()).toEqual({ closed: 0, overdue: 1 });
  expect(await worker.get(ConsultationWatcher).runOnce()).toEqual({ closed: 0, overdue: 0 });
  await settle();
  const stream = await streamOf(ids.a);
  const overdue = stream.filter((e) => e.type === 'ConsultationSummaryOverdue');
  expect(overdue).toHaveLength(1);
  expect(overdue[0].metadata).toMatchObject({ actor: { role: 'system' } });

  const report = await november();
  expect(report.weights.overdueConsultationSummary).toBe(2);
  const a = department(report, DEPT_A);
  expect(a).toMatchObject({ score: 98, deductedPoints: 2, consultationSummaries: { met: 0, missed: 1, pending: 0 } });
  expect(a.deductions).toEqual([
    {
      rule: 'overdue_consultation_summary',
      trackingCode: null,
      petitionId: null,
      consultationId: ids.a,
      deadline: null,
      dueAt: '2026-11-13T23:59:59.999+08:00',
      deadlineEventId: stream[0].id, // ConsultationPublished set the due date
      evidence: 'red_light',
      eventId: overdue[0].id,
      at: '2026-11-14T00:05:00.000+08:00',
      points: 2,
    },
  ]);
  expect(department(report, DEPT_B)).toMatchObject({
    score: 100,
    consultationSummaries: { met: 1, missed: 0, pending: 0 },
    deductions: [],
  });
  expect(department(report, DEPT_A).rank).toBeGreaterThan(department(report, DEPT_B).rank as number);

  // The public ranking (政务排行) counts it too: A's red light costs it the same 2 points there.
  const ranking = (await t.http().get('/api/public/rankings?period=2026-11').expect(200)).body;
  const item = (dept: string) => ranking.items.find((i: { departmentId: string }) => i.departmentId === dept);
  expect(item(DEPT_A)).toMatchObject({ score: 98 });
  expect(item(DEPT_B)).toMatchObject({ score: 100 });
  expect(item(DEPT_A).rank).toBeGreaterThan(item(DEPT_B).rank);

  // October holds no due date: nothing about the consultations is counted there.
  const october = (await t.http().get('/api/reports/assessment?from=2026-10-01&to=2026-11-01').set(bearer(tk.supervisor)).expect(200)).body;
  expect(october.departments).toEqual([]);
});

it('a late summary leaves the deduction standing; the CSV files carry the line and the figures', async () => {
  clock.set(shanghai('2026-11-16T10:00:00'));
  await t.http().post(`/api/consultations/${ids.a}/summary`).set(bearer(tk.handlerA)).send({ items: [], text: '逾期反馈。' }).expect(200);
  await settle();
  const a = department(await november(), DEPT_A);
  expect(a).toMatchObject({ score: 98, consultationSummaries: { met: 0, missed: 1, pending: 0 } });
  expect(a.deductions).toHaveLength(1);
  expect(a.deductions[0]).toMatchObject({ evidence: 'red_light', consultationId: ids.a });

  const csv = (
    await t
      .http()
      .get('/api/reports/assessment?from=2026-11-01&to=2026-12-01&format=csv&sheet=deductions')
      .set(bearer(tk.supervisor))
      .expect(200)
  ).text;
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toContain('意见征集ID');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain('意见征集反馈超期');
  expect(lines[1]).toContain(ids.a);
  const departmentsCsv = (
    await t.http().get('/api/reports/assessment?from=2026-11-01&to=2026-12-01&format=csv').set(bearer(tk.supervisor)).expect(200)
  ).text;
  expect(departmentsCsv.split(/\r?\n/)[0]).toContain('意见征集反馈（超期）');
});
