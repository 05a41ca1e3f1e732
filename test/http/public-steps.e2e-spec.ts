import { randomUUID } from 'node:crypto';
import { rebuildProjection } from '@wenzheng/projector';
import { departments } from '@wenzheng/reference-data';
import { DeadlineWatcher } from '@wenzheng/workers';
import { FakeClock } from '@wenzheng/petition-store';
import { PetitionEventCodec } from '@wenzheng/petition-store';
import { PUBLIC_STEPS_TABLE, publicStepsProjection } from '@wenzheng/read-models';
import { createTestApp, TestApp } from '../setup/app';
import { shanghai, useFakeClock, waitForEveryEvent } from '../setup/clock';
import { CITIZEN_SECRETS, DEPT_A, DEPT_B, Tokens, submit, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// 全过程公开 on the official 2026 calendar (November has no holiday): the public page of a case
// lists its handling, step by step, with departments and deadlines, and nobody's name or reason.

let t: TestApp;
let tk: Tokens;
let clock: FakeClock;

const A = { id: DEPT_A, name: departments[0].name };
const B = { id: DEPT_B, name: departments[1].name };
const endOf = (day: string) => shanghai(`${day}T23:59:59.999`).toISOString();
const instant = (local: string) => shanghai(local).toISOString();
const at = (local: string) => clock.set(shanghai(local));
const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);

const REASONS = {
  extension: '需多部门联合现场核查',
  escalation: '群众反映强烈，请加快办理',
  return: '该事项属供水企业职责，不属本单位',
  review: '内部审核意见',
};
/** Token subjects of test/setup/petitions.ts tokens(): no actor may show on a public page. */
const ACTORS = ['handler-a', 'handler-b', 'reviewer-test', 'supervisor-test'];

async function page(trackingCode: string, status = 200) {
  await waitForEveryEvent(t.app, t.runtime.pool);
  return t.http().get(`/api/public/petitions/${trackingCode}`).expect(status);
}

async function stepRows(petitionId: string) {
  const { rows } = await t.runtime.pool.query(`select * from wz_rm.${PUBLIC_STEPS_TABLE} where petition_id = $1 order by revision`, [
    petitionId,
  ]);
  return rows;
}

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  clock = useFakeClock(t.app, shanghai('2026-11-02T09:00:00'));
});
afterAll(() => t.close());

describe('GET /api/public/petitions/:trackingCode steps (全过程公开)', () => {
  let main: Awaited<ReturnType<typeof submit>>;

  it('a case through dispatch, late signing-for, extension, 督办, answer and rating shows each step with its department and on-time flags', async () => {
    at('2026-11-02T09:00:00'); // Monday
    main = await submit(t);
    at('2026-11-02T10:00:00');
    await post(`/api/petitions/${main.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    at('2026-11-02T10:30:00');
    await post(`/api/petitions/${main.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A, note: '请现场核查' }).expect(200);
    at('2026-11-04T09:00:00'); // the signing-for deadline was the end of 11-03
    await post(`/api/petitions/${main.id}/acknowledge`, tk.handlerA).expect(200);
    at('2026-11-05T11:00:00');
    await post(`/api/petitions/${main.id}/extension-request`, tk.handlerA, {
      reason: REASONS.extension,
      requestedRespondBy: '2026-11-20',
    }).expect(200);
    at('2026-11-06T09:00:00');
    await post(`/api/petitions/${main.id}/extension-decision`, tk.supervisor, { approved: true }).expect(200);
    at('2026-11-09T14:00:00');
    await post(`/api/petitions/${main.id}/escalate`, tk.supervisor, { reason: REASONS.escalation }).expect(200);
    at('2026-11-18T16:00:00');
    await post(`/api/petitions/${main.id}/respond`, tk.handlerA, { answer: '已协调水务集团恢复供水。' }).expect(200);
    at('2026-11-19T08:00:00');
    await t
      .http()
      .post(`/api/petitions/${main.trackingCode}/rate`)
      .set('X-Access-Key', main.accessKey)
      .send({ satisfaction: 'basically_satisfied' })
      .expect(200);

    const r = await page(main.trackingCode);
    expect(r.body.steps).toEqual([
      { step: 'received', at: instant('2026-11-02T09:00:00') },
      { step: 'accepted', at: instant('2026-11-02T10:00:00') },
      {
        step: 'dispatched',
        at: instant('2026-11-02T10:30:00'),
        department: A,
        acknowledgeBy: endOf('2026-11-03'),
        respondBy: endOf('2026-11-12'),
      },
      { step: 'acknowledged', at: instant('2026-11-04T09:00:00'), department: A, onTime: false, acknowledgeBy: endOf('2026-11-03') },
      { step: 'extended', at: instant('2026-11-06T09:00:00'), department: A, respondBy: endOf('2026-11-20'), automatic: false },
      { step: 'escalated', at: instant('2026-11-09T14:00:00'), department: A, automatic: false, level: 1 },
      { step: 'answered', at: instant('2026-11-18T16:00:00'), department: A, onTime: true, respondBy: endOf('2026-11-20') },
      { step: 'rated', at: instant('2026-11-19T08:00:00'), department: A, satisfaction: 'basically_satisfied' },
      { step: 'closed', at: instant('2026-11-19T08:00:00') },
    ]);
    expect(r.body).toMatchObject({ status: 'closed', rating: { satisfaction: 'basically_satisfied' } });

    const body = JSON.stringify(r.body);
    for (const secret of [...CITIZEN_SECRETS, ...ACTORS, ...Object.values(REASONS), '请现场核查', main.id, main.accessKey])
      expect(body).not.toContain(secret);
    expect(body).not.toMatch(/actor|userId|sub"|reason|note/i);
  });

  it('a returned case re-dispatched shows both departments in order, the return without its reason; an automatic 督办 says so', async () => {
    at('2026-11-02T09:00:00');
    const p = await submit(t, { title: '人民路停水' });
    await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
    at('2026-11-02T11:00:00');
    await post(`/api/petitions/${p.id}/return`, tk.handlerA, { reason: REASONS.return }).expect(200);
    at('2026-11-02T14:00:00');
    await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_B }).expect(200);
    at('2026-11-03T09:00:00');
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerB).expect(200);
    at('2026-11-18T10:00:00'); // the answer was due by the end of 11-12: over 3 working days late
    await waitForEveryEvent(t.app, t.runtime.pool);
    await t.app.get(DeadlineWatcher).runOnce();

    const steps = (await page(p.trackingCode)).body.steps as Array<{ step: string; department?: { id: string } }>;
    expect(steps.map((s) => [s.step, s.department?.id])).toEqual([
      ['received', undefined],
      ['accepted', undefined],
      ['dispatched', DEPT_A],
      ['returned', DEPT_A],
      ['dispatched', DEPT_B],
      ['acknowledged', DEPT_B],
      ['escalated', DEPT_B],
    ]);
    expect(steps[3]).toEqual({ step: 'returned', at: instant('2026-11-02T11:00:00'), department: A });
    expect(steps[4]).toMatchObject({ department: B });
    expect(steps[5]).toMatchObject({ onTime: true });
    expect(steps[6]).toMatchObject({ automatic: true });
    expect(JSON.stringify(steps)).not.toContain(REASONS.return);
  });

  it('a confidential or unconsented case stays 404 and none of its steps reaches the public table', async () => {
    const confidential = await submit(t, { title: '涉密停水反映' });
    await post(`/api/petitions/${confidential.id}/review`, tk.reviewer, { outcome: 'accepted', confidential: true }).expect(200);
    await post(`/api/petitions/${confidential.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
    const unconsented = await submit(t, { title: '不公开的停水反映', publicConsent: false });
    await post(`/api/petitions/${unconsented.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    const rejected = await submit(t, { title: '被驳回的反映' });
    await post(`/api/petitions/${rejected.id}/review`, tk.reviewer, { outcome: 'rejected', reason: REASONS.review }).expect(200);
    for (const hidden of [confidential, unconsented, rejected]) {
      const r = await page(hidden.trackingCode, 404);
      expect(r.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: `trackingCode: no public case ${hidden.trackingCode}` });
      expect(await stepRows(hidden.id)).toEqual([]);
    }
    const { rows } = await t.runtime.pool.query(`select held from wz_rm.public_step_cases where petition_id = any($1::uuid[])`, [
      [confidential.id, unconsented.id, rejected.id],
    ]);
    expect(rows.map((r) => r.held)).toEqual([[], [], []]); // nothing kept back for a case that cannot become public
  });

  it('a case made confidential after publication (an event saying so) loses its page and every published step', async () => {
    const p = await submit(t, { title: '后来涉密的反映' });
    await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
    expect((await page(p.trackingCode)).body.steps.map((s: { step: string }) => s.step)).toEqual(['received', 'accepted', 'dispatched']);
    // No command makes a published case confidential today; a read model must still honour an event that does.
    await t.runtime.eventStore.appendToStream(`petition-${p.id}`, [
      {
        type: 'PetitionReviewed',
        data: { petitionId: p.id, at: clock.now().toISOString(), outcome: 'accepted', confidential: true },
        metadata: {
          eventId: randomUUID(),
          commandId: randomUUID(),
          correlationId: randomUUID(),
          causationId: randomUUID(),
          occurredAt: clock.now().toISOString(),
          schemaVersion: 1,
          actor: { id: 'reviewer-test', role: 'reviewer' },
        },
      },
    ]);
    await page(p.trackingCode, 404);
    expect(await stepRows(p.id)).toEqual([]);
  });

  it('a rebuild yields the same steps', async () => {
    const before = (await page(main.trackingCode)).body.steps;
    const rowsBefore = await t.runtime.pool.query(`select * from wz_rm.${PUBLIC_STEPS_TABLE} order by petition_id, revision`);
    expect(rowsBefore.rows.length).toBeGreaterThan(9);
    const codec = t.app.get(PetitionEventCodec);
    const result = await rebuildProjection(publicStepsProjection, {
      pool: t.runtime.pool,
      store: t.runtime.eventStore,
      decode: codec.projectionDecoder,
      prefetch: (events) => codec.prefetch(events),
      batchSize: 7,
    });
    expect(result.swapped).toBe(true);
    expect((await page(main.trackingCode)).body.steps).toEqual(before);
    expect((await t.runtime.pool.query(`select * from wz_rm.${PUBLIC_STEPS_TABLE} order by petition_id, revision`)).rows).toEqual(
      rowsBefore.rows,
    );
  });
});
