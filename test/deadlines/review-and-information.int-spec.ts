import { DeadlineWatcher, NotificationQueue } from '@wenzheng/workers';
import { FakeClock } from '@wenzheng/petition-store';
import { PetitionCommandRunner } from '@wenzheng/command-runner';
import { DEADLINE_FACTS, ReferenceDataService } from '@wenzheng/read-models';
import { reviewDueBy } from '@wenzheng/petition';
import { PG_POOL } from '@wenzheng/platform';
import { HOTLINE_OFFICE } from '@wenzheng/scoring';
import { createTestApp, TestApp } from '../setup/app';
import { shanghai, useFakeClock, waitForEveryEvent } from '../setup/clock';
import { DEPT_A, Tokens, dispatched, streamTypes, submit, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// Issue 13's two system-recorded events, through the deadline watcher on PostgreSQL: the hotline
// office's own red light when a case is not reviewed within policy.reviewWithinWorkingHours
// (ReviewDeadlineMissed, counted in the office's assessment row), and a request for information
// (补充材料) lapsing at supplyBy (InformationRequestLapsed: the response clock resumes, moved by the
// paused working days). Each once, whoever runs the watcher and however often. And the bad
// input "a pause on a closed case": 409 naming the rule, nothing appended.

let t: TestApp;
let tk: Tokens;
let clock: FakeClock;
let watcher: DeadlineWatcher;

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  clock = useFakeClock(t.app, shanghai('2026-11-02T09:00:00'));
  watcher = t.app.get(DeadlineWatcher);
});
afterAll(async () => t.close());

const settle = () => waitForEveryEvent(t.app, t.runtime.pool);
const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);
const minutes = (d: Date | string, n: number) => new Date(new Date(d).getTime() + n * 60_000);

async function watchAt(at: Date, w: Pick<DeadlineWatcher, 'runOnce'> = watcher) {
  clock.set(at);
  await settle();
  return w.runOnce();
}

async function eventsOf(id: string, type: string): Promise<Record<string, unknown>[]> {
  const { rows } = await t.runtime.pool.query(`select data from wz_es.events where stream_id = $1 and type = $2 order by revision`, [
    `petition-${id}`,
    type,
  ]);
  return rows.map((r: { data: Record<string, unknown> }) => r.data);
}

/** A second, independent watcher over the same database: a restart or another worker process. */
const anotherWatcher = () =>
  new DeadlineWatcher(
    t.app.get(PG_POOL),
    t.app.get(PetitionCommandRunner),
    t.app.get(ReferenceDataService),
    clock,
    t.app.get(NotificationQueue),
  );

describe('审核期限: the hotline office’s own red light', () => {
  it('is lit once just after reviewBy (not before), by any number of watchers, and counts in the office’s assessment', async () => {
    clock.set(shanghai('2026-11-02T09:00:00')); // Monday
    const p = await submit(t);
    const reference = t.app.get(ReferenceDataService);
    const reviewBy = reviewDueBy(shanghai('2026-11-02T09:00:00'), reference.calendar(), reference.policies().complaint);

    await watchAt(minutes(reviewBy, -1));
    expect(await eventsOf(p.id, 'ReviewDeadlineMissed')).toEqual([]);

    const run = await watchAt(minutes(reviewBy, 1));
    expect(run.reviewsMissed).toBeGreaterThanOrEqual(1);
    await watchAt(minutes(reviewBy, 2));
    await Promise.all([anotherWatcher().runOnce(), anotherWatcher().runOnce()]);
    const lit = await eventsOf(p.id, 'ReviewDeadlineMissed');
    expect(lit).toHaveLength(1);
    expect(lit[0]).toMatchObject({ dueAt: reviewBy.toISOString() });

    // Reviewed late: the review still goes through; the light stays in the office's row.
    await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    await settle();
    const report = (await t.http().get('/api/reports/assessment?from=2026-11-01&to=2026-12-01').set(bearer(tk.supervisor)).expect(200))
      .body as {
      departments: { departmentId: string; name: string | null; redLights: { review: number }; deductions: { rule: string }[] }[];
    };
    const office = report.departments.find((d) => d.departmentId === HOTLINE_OFFICE);
    expect(office?.redLights.review).toBe(1);
    // Named in every figure (a newcomer found the row blank in the report, its CSV and the public rankings).
    expect(office?.name).toBe('市长专线办公室');
    const csv = (
      await t.http().get('/api/reports/assessment?from=2026-11-01&to=2026-12-01&format=csv').set(bearer(tk.supervisor)).expect(200)
    ).text;
    expect(csv.split('\n').find((line) => line.includes(HOTLINE_OFFICE))).toContain('市长专线办公室');
    const rankings = (await t.http().get('/api/public/rankings?period=2026-11').expect(200)).body as { rankings?: unknown };
    expect(JSON.stringify(rankings)).toContain(`"departmentId":"${HOTLINE_OFFICE}","name":"市长专线办公室"`);
    expect(office?.deductions.map((d) => d.rule)).toEqual(['missed_review']);
    // No department pays for the office's lateness.
    for (const d of report.departments.filter((x) => x.departmentId !== HOTLINE_OFFICE)) {
      expect(d.deductions.map((x) => x.rule)).not.toContain('missed_review');
    }
  });
});

describe('补充材料 lapsing at supplyBy', () => {
  it('resumes the response clock once, moved by the paused working days, which the answer and the assessment are measured against', async () => {
    clock.set(shanghai('2026-11-09T09:00:00')); // Monday
    const p = await dispatched(t, tk, DEPT_A);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    const before = (await t.http().get(`/api/petitions/${p.id}`).set(bearer(tk.handlerA)).expect(200)).body;
    clock.set(shanghai('2026-11-10T10:00:00'));
    const asked = await post(`/api/petitions/${p.id}/information-request`, tk.handlerA, { question: '请补充漏水位置的照片。' }).expect(200);
    const supplyBy = new Date(asked.body.supplyBy as string);

    await watchAt(minutes(supplyBy, -1));
    expect(await eventsOf(p.id, 'InformationRequestLapsed')).toEqual([]);
    const run = await watchAt(minutes(supplyBy, 1));
    expect(run.informationLapsed).toBeGreaterThanOrEqual(1);
    await watchAt(minutes(supplyBy, 5));
    await anotherWatcher().runOnce();
    const lapsed = await eventsOf(p.id, 'InformationRequestLapsed');
    expect(lapsed).toHaveLength(1);
    const e = lapsed[0] as { supplyBy: string; previousRespondBy: string; respondBy: string; pausedWorkingDays: number };
    expect(e.supplyBy).toBe(supplyBy.toISOString());
    expect(e.previousRespondBy).toBe(before.respondBy);
    expect(e.pausedWorkingDays).toBeGreaterThan(0);
    expect(new Date(e.respondBy).getTime()).toBeGreaterThan(new Date(before.respondBy).getTime());

    const after = (await t.http().get(`/api/petitions/${p.id}`).set(bearer(tk.handlerA)).expect(200)).body;
    expect(after.respondBy).toBe(e.respondBy);
    expect(after).not.toHaveProperty('awaitingInformation');
    const late = await t
      .http()
      .post(`/api/petitions/${p.trackingCode}/information`)
      .set('X-Access-Key', p.accessKey)
      .send({ text: '照片已拍好。' });
    expect(late.status).toBe(409);

    // Answered after the deadline as dispatched but before the one the pause moved: on time, for the
    // decider and in the department's assessment facts (which measure against the moved deadline).
    clock.set(minutes(before.respondBy, 60));
    const answered = await post(`/api/petitions/${p.id}/respond`, tk.handlerA, {
      answer: '多次联系提交人未果，已按现有材料处理。',
      outcome: 'unreachable',
    }).expect(200);
    expect(answered.body).toMatchObject({ onTime: true });
    await settle();
    const { rows } = await t.runtime.pool.query(
      `select department_id, due_at, met from wz_rm.${DEADLINE_FACTS} where petition_id = $1 and kind = 'response' order by due_at`,
      [p.id],
    );
    // The deadline as dispatched is superseded by the moved one (as an approved extension does), not missed.
    expect(rows).toEqual([
      { department_id: DEPT_A, due_at: new Date(before.respondBy), met: null },
      { department_id: DEPT_A, due_at: new Date(e.respondBy), met: true },
    ]);
  });
});

describe('a pause on a closed case', () => {
  it('is 409 naming the rule, and nothing is appended', async () => {
    clock.set(shanghai('2026-11-16T09:00:00'));
    const p = await dispatched(t, tk, DEPT_A);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    await t.http().post(`/api/petitions/${p.trackingCode}/withdraw`).set('X-Access-Key', p.accessKey).send({}).expect(200);
    const before = await streamTypes(t, p.id);
    expect(before.at(-1)).toBe('PetitionClosed');
    const res = await post(`/api/petitions/${p.id}/information-request`, tk.handlerA, { question: '请补充照片。' }).expect(409);
    expect(res.body.message).toMatch(/closed/);
    expect(await streamTypes(t, p.id)).toEqual(before);
  });
});
