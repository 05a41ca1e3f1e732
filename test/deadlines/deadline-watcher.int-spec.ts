import type { INestApplicationContext } from '@nestjs/common';
import { DeadlineWatcher } from '@wenzheng/workers';
import { openDeadlinesTable } from '@wenzheng/read-models';
import { DELIVERIES, NotificationQueue } from '@wenzheng/workers';
import { FakeClock } from '@wenzheng/petition-store';
import { PetitionCommandRunner } from '@wenzheng/command-runner';
import { ReferenceDataService } from '@wenzheng/read-models';
import { PG_POOL } from '@wenzheng/platform';
import { createWorkerContext } from '../../apps/worker/src/worker-app.module';
import { createTestApp, TestApp } from '../setup/app';
import { installClock, shanghai, useFakeClock, waitForEveryEvent } from '../setup/clock';
import { DEPT_A, Tokens, dispatched, submit, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// 2026 official schedule (国庆: Oct 1–7 off, Oct 10 a working Saturday). Dispatched 2026-09-29
// with 8 working days → respondBy 2026-10-15 end of day (Asia/Shanghai).

let t: TestApp;
let tk: Tokens;
let clock: FakeClock;
let watcher: DeadlineWatcher;

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  clock = useFakeClock(t.app, shanghai('2026-09-29T10:00:00'));
  watcher = t.app.get(DeadlineWatcher);
});
afterAll(async () => t.close());

const calendar = () => t.app.get(ReferenceDataService).calendar();

const settle = () => waitForEveryEvent(t.app, t.runtime.pool);
const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);

/** Moves the fake clock, lets the read models catch up, and runs the watcher once. */
async function watchAt(local: string, w: Pick<DeadlineWatcher, 'runOnce'> = watcher) {
  clock.set(shanghai(local));
  await settle();
  return w.runOnce();
}

async function eventsOf(id: string, type: string): Promise<{ data: Record<string, unknown>; metadata: Record<string, unknown> }[]> {
  const { rows } = await t.runtime.pool.query(
    `select data, metadata from wz_es.events where stream_id = $1 and type = $2 order by revision`,
    [`petition-${id}`, type],
  );
  return rows;
}

async function dispatchedAt(local: string, opts: { acknowledgeAt?: string } = {}) {
  clock.set(shanghai(local));
  const p = await dispatched(t, tk);
  if (opts.acknowledgeAt) {
    clock.set(shanghai(opts.acknowledgeAt));
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
  }
  const view = await t.http().get(`/api/petitions/${p.id}`).set(bearer(tk.reviewer)).expect(200);
  return { ...p, acknowledgeBy: view.body.acknowledgeBy as string, respondBy: view.body.respondBy as string };
}

/** A second, independent watcher over the same database: what a restart or another process is. */
function anotherWatcher(): DeadlineWatcher {
  return new DeadlineWatcher(
    t.app.get(PG_POOL),
    t.app.get(PetitionCommandRunner),
    t.app.get(ReferenceDataService),
    clock,
    t.app.get(NotificationQueue),
  );
}

describe('red light (亮红灯) on the response deadline across 国庆', () => {
  let p: Awaited<ReturnType<typeof dispatchedAt>>;

  beforeAll(async () => {
    p = await dispatchedAt('2026-09-29T10:00:00', { acknowledgeAt: '2026-09-29T11:00:00' });
  });

  it('respondBy is the end of 2026-10-15 (8 working days, 国庆 skipped, Oct 10 worked)', () => {
    expect(p.respondBy).toBe(shanghai('2026-10-15T23:59:59.999').toISOString());
    expect(p.respondBy).toBe(calendar().addWorkingDays(shanghai('2026-09-29T10:00:00'), 8).toISOString());
  });

  it('nothing at 2026-10-15T23:59:59, exactly one red light at 2026-10-16T00:00:01', async () => {
    const before = await watchAt('2026-10-15T23:59:59');
    expect(before.deadlinesMissed).toBe(0);
    expect(await eventsOf(p.id, 'PetitionDeadlineMissed')).toHaveLength(0);

    const after = await watchAt('2026-10-16T00:00:01');
    expect(after.deadlinesMissed).toBeGreaterThanOrEqual(1);
    const missed = await eventsOf(p.id, 'PetitionDeadlineMissed');
    expect(missed).toHaveLength(1);
    expect(missed[0].data).toEqual({
      petitionId: p.id,
      deadline: 'response',
      dueAt: p.respondBy,
      departmentId: DEPT_A,
      at: shanghai('2026-10-16T00:00:01').toISOString(),
    });
    expect(missed[0].metadata).toMatchObject({
      actor: { id: 'deadline-watcher', role: 'system' },
      commandId: `deadline-missed:${p.id}:response@${p.respondBy}`,
    });
  });

  it('running again, restarting, running several watchers at once and the worker app add no second red light', async () => {
    // Straight away, before the projection has seen the red light: the commandId and the decider still hold.
    await watcher.runOnce();
    await anotherWatcher().runOnce();
    await Promise.all([watcher.runOnce(), watcher.runOnce(), anotherWatcher().runOnce(), anotherWatcher().runOnce()]);
    const worker: INestApplicationContext = await createWorkerContext(t.runtime, { logger: false });
    try {
      installClock(worker, clock);
      await settle();
      const run = await worker.get(DeadlineWatcher).runOnce();
      expect(run.deadlinesMissed).toBe(0);
    } finally {
      await worker.close();
    }
    expect(await eventsOf(p.id, 'PetitionDeadlineMissed')).toHaveLength(1);
  });

  it('escalates (督办) only once the response is overdue by more than 3 working days: not at 10-20 end, yes on 10-21', async () => {
    const respondBy = new Date(p.respondBy);
    // 10-16 (Fri), 10-19 (Mon), 10-20 (Tue) are the three working days of grace.
    expect(calendar().addWorkingDays(respondBy, 3)).toEqual(shanghai('2026-10-20T23:59:59.999'));
    expect(calendar().workingDaysBetween(respondBy, shanghai('2026-10-20T23:59:59'))).toBe(3);
    expect(calendar().workingDaysBetween(respondBy, shanghai('2026-10-21T00:00:01'))).toBe(4);

    await watchAt('2026-10-18T12:00:00'); // the weekend counts for nothing
    await watchAt('2026-10-20T23:59:59');
    expect(await eventsOf(p.id, 'PetitionEscalated')).toHaveLength(0);

    await watchAt('2026-10-21T00:00:01');
    const escalated = await eventsOf(p.id, 'PetitionEscalated');
    expect(escalated).toHaveLength(1);
    expect(escalated[0].data).toMatchObject({ petitionId: p.id, automatic: true, level: 1, departmentId: DEPT_A, respondBy: p.respondBy });
    expect(escalated[0].metadata).toMatchObject({
      actor: { id: 'deadline-watcher', role: 'system' },
      commandId: `escalate:${p.id}:response@${p.respondBy}`,
    });

    await Promise.all([watcher.runOnce(), anotherWatcher().runOnce()]);
    await watchAt('2026-10-26T10:00:00');
    expect(await eventsOf(p.id, 'PetitionEscalated')).toHaveLength(1);
    expect(await eventsOf(p.id, 'PetitionDeadlineMissed')).toHaveLength(1);
  });
});

describe('red light on the acknowledgement deadline (签收)', () => {
  it('dispatched 2026-09-30 afternoon: due at the end of 10-08 (after 国庆), red at 10-09T00:00:01, once', async () => {
    const p = await dispatchedAt('2026-09-30T16:00:00');
    expect(p.acknowledgeBy).toBe(shanghai('2026-10-08T23:59:59.999').toISOString());

    await watchAt('2026-10-08T23:59:59');
    expect(await eventsOf(p.id, 'PetitionDeadlineMissed')).toHaveLength(0);
    await watchAt('2026-10-09T00:00:01');
    const missed = await eventsOf(p.id, 'PetitionDeadlineMissed');
    expect(missed.map((m) => [m.data.deadline, m.data.dueAt])).toEqual([['acknowledgement', p.acknowledgeBy]]);

    // Signing late is allowed and recorded as late; the red light stays single.
    clock.set(shanghai('2026-10-09T09:00:00'));
    const ack = await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    expect(ack.body.onTime).toBe(false);
    await watchAt('2026-10-09T09:30:00');
    expect(await eventsOf(p.id, 'PetitionDeadlineMissed')).toHaveLength(1);
  });
});

describe('extensions (延期) move the red light', () => {
  it('enforces the rules of docs/lifecycle.md over HTTP: one pending at a time, 届满前1个工作日, at most 15 working days later', async () => {
    const p = await dispatchedAt('2026-09-29T10:30:00', { acknowledgeAt: '2026-09-29T11:00:00' });
    const max = calendar().addWorkingDays(new Date(p.respondBy), 15);
    expect(max).toEqual(shanghai('2026-11-05T23:59:59.999'));

    clock.set(shanghai('2026-10-14T17:00:00')); // the working day before respondBy: still allowed
    const tooFar = await post(`/api/petitions/${p.id}/extension-request`, tk.handlerA, {
      reason: '需调取档案',
      requestedRespondBy: '2026-11-06',
    }).expect(400);
    expect(tooFar.body.message).toContain('requestedRespondBy');
    await post(`/api/petitions/${p.id}/extension-request`, tk.handlerA, { reason: '需调取档案', requestedRespondBy: '2026-11-05' }).expect(
      200,
    );
    const twice = await post(`/api/petitions/${p.id}/extension-request`, tk.handlerA, {
      reason: '再次申请',
      requestedRespondBy: '2026-10-30',
    }).expect(409);
    expect(twice.body.message).toContain('pending');

    const late = await dispatchedAt('2026-09-29T10:40:00', { acknowledgeAt: '2026-09-29T11:00:00' });
    clock.set(shanghai('2026-10-15T09:00:00')); // the last day itself is too late
    const refused = await post(`/api/petitions/${late.id}/extension-request`, tk.handlerA, {
      reason: '需调取档案',
      requestedRespondBy: '2026-10-22',
    }).expect(409);
    expect(refused.body.message).toContain('2026-10-14');
  });

  it('an approved extension moves the deadline the watcher uses', async () => {
    const p = await dispatchedAt('2026-09-29T10:50:00', { acknowledgeAt: '2026-09-29T11:00:00' });
    clock.set(shanghai('2026-10-12T10:00:00'));
    await post(`/api/petitions/${p.id}/extension-request`, tk.handlerA, {
      reason: '需多部门联合现场核查',
      requestedRespondBy: '2026-10-22',
    }).expect(200);
    const decided = await post(`/api/petitions/${p.id}/extension-decision`, tk.supervisor, { approved: true }).expect(200);
    const extended = shanghai('2026-10-22T23:59:59.999').toISOString();
    expect(decided.body.respondBy).toBe(extended);

    await watchAt('2026-10-16T00:00:01'); // the old deadline has passed: no red light
    await watchAt('2026-10-22T23:59:59');
    expect(await eventsOf(p.id, 'PetitionDeadlineMissed')).toHaveLength(0);
    await watchAt('2026-10-23T00:00:01');
    const missed = await eventsOf(p.id, 'PetitionDeadlineMissed');
    expect(missed.map((m) => [m.data.deadline, m.data.dueAt])).toEqual([['response', extended]]);
  });
});

describe('a pending extension request protects the department (docs/lifecycle.md, 成华区)', () => {
  // respondBy 2026-10-15; asked on 10-14 (the last day allowed) for 10-22. A supervisor decides by
  // the end of 10-15 (1 working day); undecided, the system approves it after that.
  const ask = (id: string) =>
    post(`/api/petitions/${id}/extension-request`, tk.handlerA, {
      reason: '需多部门联合现场核查',
      requestedRespondBy: '2026-10-22',
    }).expect(200);
  const requested = shanghai('2026-10-22T23:59:59.999').toISOString();

  it('pending over the deadline: no red light and no 督办 while it waits (a policy giving supervisors 10 working days)', async () => {
    // 求助 cases here: the supervisors of this test have 10 working days to decide.
    await t
      .http()
      .put('/api/admin/policies/help')
      .set(bearer(tk.admin))
      .send({
        acknowledgeWithinWorkingDays: 1,
        respondWithinWorkingDays: 8,
        escalateAfterOverdueWorkingDays: 3,
        maxExtensionWorkingDays: 15,
        rateWithinWorkingDays: 5,
        maxReopens: 1,
        decideExtensionWithinWorkingDays: 10,
      })
      .expect(200);
    clock.set(shanghai('2026-09-29T13:00:00'));
    const p = await submit(t, { kind: 'help' });
    await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    const dispatch = await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
    expect(dispatch.body.respondBy).toBe(shanghai('2026-10-15T23:59:59.999').toISOString());
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    clock.set(shanghai('2026-10-14T16:00:00'));
    await ask(p.id);

    await watchAt('2026-10-16T00:00:01'); // the deadline has passed
    await watchAt('2026-10-21T00:00:01'); // overdue by 4 working days: 督办 for a case without a request
    await watchAt('2026-10-27T10:00:00');
    expect(await eventsOf(p.id, 'PetitionDeadlineMissed')).toHaveLength(0);
    expect(await eventsOf(p.id, 'PetitionEscalated')).toHaveLength(0);
    expect(await eventsOf(p.id, 'ExtensionDecided')).toHaveLength(0);

    // The supervisor approves a later date than asked: the department is never red-lighted.
    clock.set(shanghai('2026-10-27T11:00:00'));
    await post(`/api/petitions/${p.id}/extension-decision`, tk.supervisor, { approved: true, respondBy: '2026-11-05' }).expect(200);
    await watchAt('2026-10-28T10:00:00');
    expect(await eventsOf(p.id, 'PetitionDeadlineMissed')).toHaveLength(0);
    expect(await eventsOf(p.id, 'PetitionEscalated')).toHaveLength(0);
  });

  it('undecided after decideExtensionWithinWorkingDays: approved by system with the requested date; its red light only after it', async () => {
    const p = await dispatchedAt('2026-09-29T13:20:00', { acknowledgeAt: '2026-09-29T13:30:00' });
    clock.set(shanghai('2026-10-12T10:00:00')); // Mon: decided by the end of Tue 10-13
    await ask(p.id);
    await watchAt('2026-10-13T23:59:59');
    expect(await eventsOf(p.id, 'ExtensionDecided')).toHaveLength(0);

    await watchAt('2026-10-14T00:00:01');
    const decided = await eventsOf(p.id, 'ExtensionDecided');
    expect(decided).toHaveLength(1);
    expect(decided[0].data).toMatchObject({ approved: true, automatic: true, respondBy: requested, previousRespondBy: p.respondBy });
    expect(decided[0].metadata).toMatchObject({
      actor: { id: 'deadline-watcher', role: 'system' },
      commandId: `extension-auto-approve:${p.id}:${shanghai('2026-10-12T10:00:00').toISOString()}`,
    });
    await Promise.all([watcher.runOnce(), anotherWatcher().runOnce()]);
    expect(await eventsOf(p.id, 'ExtensionDecided')).toHaveLength(1);

    await watchAt('2026-10-16T00:00:01'); // the old deadline: nothing
    expect(await eventsOf(p.id, 'PetitionDeadlineMissed')).toHaveLength(0);
    await watchAt('2026-10-23T00:00:01');
    const missed = await eventsOf(p.id, 'PetitionDeadlineMissed');
    expect(missed.map((m) => [m.data.deadline, m.data.dueAt])).toEqual([['response', requested]]);
  });

  it('refused after the original deadline passed: the red light comes with the refusal, dueAt the original respondBy', async () => {
    const p = await dispatchedAt('2026-09-29T13:40:00', { acknowledgeAt: '2026-09-29T13:50:00' });
    clock.set(shanghai('2026-10-14T16:30:00'));
    await ask(p.id);
    await settle();
    // 10-15 end is both the deadline and the decision limit; the supervisor refuses one second later.
    clock.set(shanghai('2026-10-16T00:00:01'));
    await post(`/api/petitions/${p.id}/extension-decision`, tk.supervisor, { approved: false, reason: '理由不充分，请按期办理' }).expect(
      200,
    );
    const missed = await eventsOf(p.id, 'PetitionDeadlineMissed');
    expect(missed.map((m) => [m.data.deadline, m.data.dueAt, m.data.at])).toEqual([
      ['response', p.respondBy, shanghai('2026-10-16T00:00:01').toISOString()],
    ]);
    await watchAt('2026-10-16T00:05:00');
    expect(await eventsOf(p.id, 'PetitionDeadlineMissed')).toHaveLength(1);
    expect(await eventsOf(p.id, 'ExtensionDecided')).toHaveLength(1); // the refusal stands: no automatic approval
    await watchAt('2026-10-21T00:00:01'); // overdue by 4 working days from the original deadline: 督办
    expect(await eventsOf(p.id, 'PetitionEscalated')).toHaveLength(1);
  });
});

describe('closing an answered case the citizen did not rate (no_rating_in_time)', () => {
  it('closes after 5 working days, not before, once; nothing of the case runs any more', async () => {
    const p = await dispatchedAt('2026-09-29T11:10:00', { acknowledgeAt: '2026-09-29T11:20:00' });
    clock.set(shanghai('2026-10-09T10:00:00'));
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已安排维修，供水已恢复。' }).expect(200);
    // 10-10 (a working Saturday), 10-12, 10-13, 10-14, 10-15.
    expect(calendar().addWorkingDays(shanghai('2026-10-09T10:00:00'), 5)).toEqual(shanghai('2026-10-15T23:59:59.999'));

    await watchAt('2026-10-15T23:59:59');
    expect(await eventsOf(p.id, 'PetitionClosed')).toHaveLength(0);
    await watchAt('2026-10-16T00:00:01');
    const closed = await eventsOf(p.id, 'PetitionClosed');
    expect(closed).toHaveLength(1);
    expect(closed[0].data).toMatchObject({ reason: 'no_rating_in_time' });
    expect(closed[0].metadata).toMatchObject({ actor: { id: 'deadline-watcher', role: 'system' } });

    await Promise.all([watcher.runOnce(), anotherWatcher().runOnce()]);
    expect(await eventsOf(p.id, 'PetitionClosed')).toHaveLength(1);
    const rate = await t.http().post(`/api/petitions/${p.id}/rate`).set('X-Access-Key', p.accessKey).send({ satisfaction: 'satisfied' });
    expect(rate.status).toBe(409);
    await settle();
    const { rows } = await t.runtime.pool.query(
      `select closed, ack_due_at, respond_by, responded_at from ${openDeadlinesTable()} where petition_id = $1`,
      [p.id],
    );
    expect(rows).toEqual([{ closed: true, ack_due_at: null, respond_by: null, responded_at: null }]); // a tombstone: nothing runs
  });
});

describe('several watchers at once', () => {
  it('append every red light and every escalation exactly once', async () => {
    const cases = [];
    for (let i = 0; i < 5; i++) cases.push(await dispatchedAt(`2026-09-29T12:0${i}:00`));
    clock.set(shanghai('2026-10-21T00:00:01'));
    await settle();
    const worker = await createWorkerContext(t.runtime, { logger: false });
    try {
      installClock(worker, clock);
      await Promise.all([watcher.runOnce(), anotherWatcher().runOnce(), worker.get(DeadlineWatcher).runOnce(), anotherWatcher().runOnce()]);
      await settle();
      await Promise.all([watcher.runOnce(), worker.get(DeadlineWatcher).runOnce()]);
    } finally {
      await worker.close();
    }
    for (const p of cases) {
      const missed = await eventsOf(p.id, 'PetitionDeadlineMissed');
      expect(missed.map((m) => m.data.deadline).sort()).toEqual(['acknowledgement', 'response']);
      expect(await eventsOf(p.id, 'PetitionEscalated')).toHaveLength(1);
    }
  });
});

describe('"due next working day" reminders: the read model proposes, the stream decides', () => {
  // respondBy 2026-10-15 end; the reminder is due at 09:00 of 10-14 (the working day before).
  async function remindersOf(id: string): Promise<{ key: string; department_id: string }[]> {
    const { rows } = await t.runtime.pool.query(
      `select key, department_id from ${DELIVERIES} where petition_id = $1 and template = 'response_due_next_working_day'`,
      [id],
    );
    return rows;
  }
  async function respondByInReadModel(id: string): Promise<string | null> {
    const { rows } = await t.runtime.pool.query(`select respond_by from ${openDeadlinesTable()} where petition_id = $1`, [id]);
    return rows[0].respond_by?.toISOString() ?? null;
  }

  it('no reminder for a deadline ended on the stream the read model has not caught up with; a running deadline still gets one', async () => {
    const running = await dispatchedAt('2026-09-29T15:00:00', { acknowledgeAt: '2026-09-29T15:30:00' });
    const answered = await dispatchedAt('2026-09-29T15:01:00', { acknowledgeAt: '2026-09-29T15:30:00' });
    const returned = await dispatchedAt('2026-09-29T15:02:00', { acknowledgeAt: '2026-09-29T15:30:00' });
    const withdrawn = await dispatchedAt('2026-09-29T15:03:00', { acknowledgeAt: '2026-09-29T15:30:00' });
    const extended = await dispatchedAt('2026-09-29T15:04:00', { acknowledgeAt: '2026-09-29T15:30:00' });
    const paused = await dispatchedAt('2026-09-29T15:05:00', { acknowledgeAt: '2026-09-29T15:30:00' });
    const ended = [answered, returned, withdrawn, extended, paused];
    const due = shanghai('2026-10-15T23:59:59.999').toISOString();
    for (const p of [running, ...ended]) expect(p.respondBy).toBe(due);
    clock.set(shanghai('2026-10-13T10:00:00'));
    await post(`/api/petitions/${extended.id}/extension-request`, tk.handlerA, {
      reason: '需多部门联合现场核查',
      requestedRespondBy: '2026-10-22',
    }).expect(200);

    await watchAt('2026-10-14T08:59:59'); // not yet: the read model is up to date here
    for (const p of [running, ...ended]) expect(await remindersOf(p.id)).toEqual([]);

    // An older transaction holds the projector back: what follows is on the stream, not in open_deadlines.
    const held = await t.runtime.pool.connect();
    try {
      await held.query('begin');
      await held.query('select txid_current()');
      clock.set(shanghai('2026-10-14T08:59:59.500'));
      await post(`/api/petitions/${answered.id}/respond`, tk.handlerA, { answer: '已安排维修，供水已恢复。' }).expect(200);
      await post(`/api/petitions/${returned.id}/return`, tk.handlerA, { reason: '不属于本单位职责' }).expect(200);
      await t.http().post(`/api/petitions/${withdrawn.id}/withdraw`).set('X-Access-Key', withdrawn.accessKey).send({}).expect(200);
      const decided = await post(`/api/petitions/${extended.id}/extension-decision`, tk.supervisor, { approved: true }).expect(200);
      expect(decided.body.respondBy).toBe(shanghai('2026-10-22T23:59:59.999').toISOString());
      await post(`/api/petitions/${paused.id}/information-request`, tk.handlerA, { question: '请补充漏水位置的照片。' }).expect(200);
      for (const p of ended) expect(await respondByInReadModel(p.id)).toBe(due); // the read model still proposes them

      clock.set(shanghai('2026-10-14T09:00:00'));
      const run = await watcher.runOnce();
      expect(await remindersOf(running.id)).toEqual([{ key: `reminder:${running.id}:response@${due}:department`, department_id: DEPT_A }]);
      for (const p of ended) expect(await remindersOf(p.id)).toEqual([]);
      expect(run.refused).toBeGreaterThanOrEqual(ended.length);
      expect(run.failed).toBe(0);
      await Promise.all([watcher.runOnce(), anotherWatcher().runOnce()]); // again, still behind: nothing more
      for (const p of ended) expect(await remindersOf(p.id)).toEqual([]);
    } finally {
      await held.query('rollback');
      held.release();
    }

    await watchAt('2026-10-14T09:30:00'); // caught up
    expect(await remindersOf(running.id)).toHaveLength(1);
    for (const p of ended) expect(await remindersOf(p.id)).toEqual([]);
    // The extended case is reminded of its new deadline, on the working day before it.
    await watchAt('2026-10-21T09:00:00');
    expect((await remindersOf(extended.id)).map((r) => r.key)).toEqual([
      `reminder:${extended.id}:response@${shanghai('2026-10-22T23:59:59.999').toISOString()}:department`,
    ]);
  });
});
