import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Workbook } from 'exceljs';
import type { Response } from 'supertest';
import { departments } from '@wenzheng/reference-data';
import type { DeadlineKind, PetitionCommand } from '@wenzheng/petition';
import { Clock } from '@wenzheng/petition-store';
import { PetitionCommandRunner } from '@wenzheng/command-runner';
import { DepartmentPerformanceQuery } from '@wenzheng/read-models';
import { createTestApp, TestApp } from '../setup/app';
import { DEPT_A, DEPT_B, Tokens, submit, tokens } from '../setup/petitions';
import { bearer, mintToken } from '../setup/tokens';

// A small October 2026 driven through the API on a controlled clock (the application's Clock, read
// by command handlers and by the report), with the deadline watcher's system commands (亮红灯,
// automatic 督办) proposed through the command runner exactly as the watcher does. Every expected
// figure is worked out by hand in the comments, from docs/scoring.md:
//   score = 100 − 0.5 × missed acknowledgements − 1 × missed responses − 3 × automatic escalations − 0.5 × unsatisfied ratings
//
// Calendar: Oct 1–7 national holiday, Oct 10 (Sat) a working day, Oct 31 Sat, Nov 1 Sun. Every case is
// dispatched Mon 10-12 10:00: acknowledge within 1 working day (by 10-13 23:59:59.999), respond
// within 8 (13,14,15,16,19,20,21,22: by 10-22 23:59:59.999). "wd(x→y)" below = working days after
// x's day up to y's day.

const DEPT_C = departments[2].id; // 瓯海区人民政府
const DEPT_D = departments[3].id; // 洞头区人民政府
const NAMES: Record<string, string> = {
  [DEPT_A]: '鹿城区人民政府',
  [DEPT_B]: '龙湾区人民政府',
  [DEPT_C]: '瓯海区人民政府',
  [DEPT_D]: '洞头区人民政府',
};
const QUIET = { DEADLINE_WATCHER_INTERVAL_MS: '0', NOTIFY_SENDER_INTERVAL_MS: '0' }; // the test proposes the watcher's commands itself
const SYSTEM = { id: 'deadline-watcher', role: 'system' } as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Harness {
  t: TestApp;
  tk: Tokens;
  handlers: Record<string, string>;
  setClock(local: string): void;
}

async function harness(env: Record<string, string> = {}): Promise<Harness> {
  const t = await createTestApp({ ...QUIET, ...env });
  const tk = await tokens();
  let current = new Date('2026-10-12T10:00:00+08:00');
  jest.spyOn(t.app.get(Clock, { strict: false }), 'now').mockImplementation(() => new Date(current.getTime()));
  const handlers = {
    [DEPT_A]: tk.handlerA,
    [DEPT_B]: tk.handlerB,
    [DEPT_C]: await mintToken({ roles: ['handler'], departmentId: DEPT_C, sub: 'handler-c' }),
    [DEPT_D]: await mintToken({ roles: ['handler'], departmentId: DEPT_D, sub: 'handler-d' }),
  };
  return { t, tk, handlers, setClock: (local) => (current = new Date(`${local}+08:00`)) };
}

function actions(h: Harness) {
  const post = (path: string, token: string, body: object = {}) => h.t.http().post(path).set(bearer(token)).send(body).expect(200);
  const dispatch = async (departmentId: string, confidential = false) => {
    const p = await submit(h.t);
    await post(`/api/petitions/${p.id}/review`, h.tk.reviewer, { outcome: 'accepted', confidential });
    const d = await post(`/api/petitions/${p.id}/dispatch`, h.tk.reviewer, { departmentId });
    return { ...p, departmentId, acknowledgeBy: d.body.acknowledgeBy as string, respondBy: d.body.respondBy as string };
  };
  type Case = Awaited<ReturnType<typeof dispatch>>;
  const system = (c: Case, build: (context: Parameters<Parameters<PetitionCommandRunner['execute']>[1]>[0]) => PetitionCommand) =>
    h.t.app.get(PetitionCommandRunner, { strict: false }).execute(c.id, build, { commandId: randomUUID(), actor: SYSTEM });
  return {
    dispatch,
    acknowledge: (c: Case) => post(`/api/petitions/${c.id}/acknowledge`, h.handlers[c.departmentId]),
    respond: (c: Case) => post(`/api/petitions/${c.id}/respond`, h.handlers[c.departmentId], { answer: '已处理，情况已向来信人说明。' }),
    rate: (c: Case, satisfaction: string) =>
      h.t.http().post(`/api/petitions/${c.id}/rate`).set('X-Access-Key', c.accessKey).send({ satisfaction }).expect(200),
    extend: async (c: Case, requestedRespondBy: string, decision: { approved: boolean; reason?: string }) => {
      await post(`/api/petitions/${c.id}/extension-request`, h.handlers[c.departmentId], {
        reason: '需多部门联合现场核查',
        requestedRespondBy,
      });
      return (await post(`/api/petitions/${c.id}/extension-decision`, h.tk.supervisor, decision)).body as { respondBy?: string };
    },
    returnCase: (c: Case) => post(`/api/petitions/${c.id}/return`, h.handlers[c.departmentId], { reason: '不属于本单位职责范围' }),
    escalateManually: (c: Case) => post(`/api/petitions/${c.id}/escalate`, h.tk.supervisor, { reason: '群众反映强烈，请加快办理' }),
    /** 亮红灯, as the deadline watcher proposes it. */
    redLight: (c: Case, deadline: DeadlineKind) =>
      system(c, (context) => ({ type: 'MarkDeadlineMissed', data: { petitionId: c.id, deadline }, context })),
    /** 督办, automatic, as the deadline watcher proposes it. */
    autoEscalate: (c: Case) => system(c, (context) => ({ type: 'EscalatePetition', data: { petitionId: c.id }, context })),
    /** The id of the last event of a type in the case's stream. */
    eventId: async (c: Case, type: string): Promise<string> => {
      const { rows } = await h.t.runtime.pool.query(
        `select event_id from wz_es.events where stream_id = $1 and type = $2 order by revision desc limit 1`,
        [`petition-${c.id}`, type],
      );
      if (!rows.length) throw new Error(`no ${type} in petition ${c.id}`);
      return rows[0].event_id as string;
    },
  };
}
type Case = Awaited<ReturnType<ReturnType<typeof actions>['dispatch']>>;

const counts = (over: Partial<Record<'met' | 'missed' | 'pending' | 'superseded' | 'withdrawn', number>> = {}) => ({
  met: 0,
  missed: 0,
  pending: 0,
  superseded: 0,
  withdrawn: 0,
  ...over,
});
const zeroFigures = {
  acknowledgement: counts(),
  response: counts(),
  assistance: counts(),
  ratings: { satisfied: 0, basicallySatisfied: 0, unsatisfied: 0 },
  redLights: { acknowledgement: 0, response: 0, review: 0 },
  escalations: { automatic: 0, manual: 0 },
  extensionsRequested: 0,
  extensionsApproved: 0,
  returns: 0,
  responses: 0,
  averageResponseWorkingDays: null,
  pending: 0,
  consultationSummaries: { met: 0, missed: 0, pending: 0 },
  acknowledgedOnTimeRate: null,
  respondedOnTimeRate: null,
  satisfactionRate: null,
};

/** supertest buffers binary bodies only when asked. */
const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('GET /api/reports/assessment', () => {
  let h: Harness;
  let act: ReturnType<typeof actions>;
  const c: Record<string, Case> = {};
  const ev: Record<string, string> = {};
  const get = (query: string, token?: string) => {
    const req = h.t.http().get(`/api/reports/assessment${query}`);
    return token ? req.set(bearer(token)) : req;
  };
  const report = async (query: string) => (await get(query, h.tk.supervisor).expect(200)).body;
  const file = async (query: string) => get(query, h.tk.supervisor).buffer(true).parse(binary).expect(200);

  beforeAll(async () => {
    h = await harness();
    act = actions(h);
    const { dispatch, acknowledge, respond, rate, extend, returnCase, escalateManually, redLight, autoEscalate } = act;

    h.setClock('2026-10-12T10:00:00'); // Mon
    for (const name of ['a1', 'a2']) c[name] = await dispatch(DEPT_A);
    for (const name of ['b1', 'b2', 'b3', 'b4']) c[name] = await dispatch(DEPT_B);
    c.c1 = await dispatch(DEPT_C);
    c.c2 = await dispatch(DEPT_C, true); // confidential (涉密): counted in this internal report
    for (const name of ['d1', 'd2', 'd3']) c[name] = await dispatch(DEPT_D);
    expect(c.a1.acknowledgeBy).toBe('2026-10-13T15:59:59.999Z');
    expect(c.a1.respondBy).toBe('2026-10-22T15:59:59.999Z');

    h.setClock('2026-10-12T11:00:00');
    for (const name of ['a1', 'a2', 'b2', 'b3', 'c1', 'd1', 'd2', 'd3']) await acknowledge(c[name]);
    expect((await extend(c.b2, '2026-10-28', { approved: true })).respondBy).toBe('2026-10-28T15:59:59.999Z');
    await extend(c.b3, '2026-10-30', { approved: false, reason: '理由不充分，请按期办复' });
    // The period boundary: d2's deadline is the last instant of October, d3's the first of November.
    expect((await extend(c.d2, '2026-10-31', { approved: true })).respondBy).toBe('2026-10-31T15:59:59.999Z');
    expect((await extend(c.d3, '2026-11-01T00:00:00+08:00', { approved: true })).respondBy).toBe('2026-10-31T16:00:00.000Z');

    h.setClock('2026-10-13T09:00:00');
    await returnCase(c.b4); // 退单 before acknowledging: both its deadlines are withdrawn

    h.setClock('2026-10-14T09:00:00');
    await redLight(c.b1, 'acknowledgement');
    h.setClock('2026-10-14T10:00:00');
    await acknowledge(c.b1); // late, after its red light
    await acknowledge(c.c2); // late, no red light
    await respond(c.a1);
    await rate(c.a1, 'satisfied');

    h.setClock('2026-10-20T10:00:00');
    await respond(c.b1);
    await rate(c.b1, 'satisfied');
    h.setClock('2026-10-21T10:00:00');
    await respond(c.c1);
    await rate(c.c1, 'unsatisfied');
    h.setClock('2026-10-22T10:00:00');
    await respond(c.b3);
    await rate(c.b3, 'unsatisfied');
    await respond(c.c2);
    await rate(c.c2, 'satisfied');

    h.setClock('2026-10-23T09:00:00');
    await redLight(c.d1, 'response');
    await escalateManually(c.a2);
    h.setClock('2026-10-23T10:00:00');
    expect((await respond(c.a2)).body.onTime).toBe(false);
    await rate(c.a2, 'satisfied');

    h.setClock('2026-10-27T10:00:00');
    expect((await respond(c.b2)).body.onTime).toBe(true); // within its extension
    await rate(c.b2, 'satisfied');
    h.setClock('2026-10-28T10:00:00'); // d1 overdue by wd(10-22→10-28) = 23,26,27,28 = 4 > 3
    expect((await autoEscalate(c.d1)).events.map((e) => e.type)).toEqual(['PetitionEscalated']);
    h.setClock('2026-10-29T10:00:00');
    await respond(c.d1);
    await rate(c.d1, 'basically_satisfied');
    h.setClock('2026-11-02T10:00:00');
    await respond(c.d2);
    await respond(c.d3);

    await h.t.waitForProjections();
    h.setClock('2026-11-20T10:00:00'); // every October deadline has passed

    const { eventId } = act;
    for (const name of Object.keys(c)) ev[`${name}.dispatched`] = await eventId(c[name], 'PetitionDispatched');
    Object.assign(ev, {
      'b1.redLight': await eventId(c.b1, 'PetitionDeadlineMissed'),
      'b3.rated': await eventId(c.b3, 'PetitionRated'),
      'c1.rated': await eventId(c.c1, 'PetitionRated'),
      'c2.acknowledged': await eventId(c.c2, 'PetitionAcknowledged'),
      'a2.responded': await eventId(c.a2, 'PetitionResponded'),
      'd1.redLight': await eventId(c.d1, 'PetitionDeadlineMissed'),
      'd1.escalated': await eventId(c.d1, 'PetitionEscalated'),
      'd2.extended': await eventId(c.d2, 'ExtensionDecided'),
      'd2.responded': await eventId(c.d2, 'PetitionResponded'),
      'd3.extended': await eventId(c.d3, 'ExtensionDecided'),
      'd3.responded': await eventId(c.d3, 'PetitionResponded'),
    });
  });
  afterAll(async () => h.t.close());

  // The October figures at 11-20, each department worked out by hand.
  const october = () => [
    {
      // B: b1 ack late (red light), b2 extended to 10-28 and answered 10-27, b3 extension refused and answered
      // 10-22 on time, b4 returned before the ack deadline. Ack: met b2, b3; missed b1; b4 withdrawn → 2/3.
      // Response: met b1, b2 (extended), b3 → 3/3; b2's 10-22 deadline superseded, b4's withdrawn.
      // Ratings b1, b2 satisfied, b3 unsatisfied → 2/3. 100 − 0.5 (b1 ack) − 0.5 (b3 unsatisfied) = 99.
      // Days: wd(10-12→10-20) = 6, wd(→10-27) = 11, wd(→10-22) = 8; 25 / 3 = 8.33.
      rank: 1,
      departmentId: DEPT_B,
      name: NAMES[DEPT_B],
      score: 99,
      deductedPoints: 1,
      received: 4,
      acknowledgement: counts({ met: 2, missed: 1, withdrawn: 1 }),
      acknowledgedOnTimeRate: 0.6667,
      response: counts({ met: 3, superseded: 1, withdrawn: 1 }),
      assistance: counts(),
      respondedOnTimeRate: 1,
      ratings: { satisfied: 2, basicallySatisfied: 0, unsatisfied: 1 },
      satisfactionRate: 0.6667,
      redLights: { acknowledgement: 1, response: 0, review: 0 },
      escalations: { automatic: 0, manual: 0 },
      extensionsRequested: 2,
      extensionsApproved: 1,
      returns: 1,
      responses: 3,
      averageResponseWorkingDays: 8.33,
      pending: 0,
      consultationSummaries: { met: 0, missed: 0, pending: 0 },
      deductions: [
        {
          rule: 'missed_acknowledgement',
          trackingCode: c.b1.trackingCode,
          petitionId: c.b1.id,
          consultationId: null,
          deadline: 'acknowledgement',
          dueAt: '2026-10-13T23:59:59.999+08:00',
          deadlineEventId: ev['b1.dispatched'],
          evidence: 'red_light',
          eventId: ev['b1.redLight'],
          at: '2026-10-14T09:00:00.000+08:00',
          points: 0.5,
        },
        {
          rule: 'unsatisfied_rating',
          trackingCode: c.b3.trackingCode,
          petitionId: c.b3.id,
          consultationId: null,
          deadline: null,
          dueAt: null,
          deadlineEventId: null,
          evidence: 'rating',
          eventId: ev['b3.rated'],
          at: '2026-10-22T10:00:00.000+08:00',
          points: 0.5,
        },
      ],
    },
    {
      // C: c1 on time but unsatisfied; c2 (confidential) acknowledged late, answered on time, satisfied.
      // Ack 1/2, response 2/2, satisfaction 1/2. 100 − 0.5 (c2 ack) − 0.5 (c1 unsatisfied) = 99: tied with B on
      // score and respondedOnTimeRate (1), below B on satisfactionRate (0.5 < 0.6667).
      // Days: wd(10-12→10-21) = 7, wd(→10-22) = 8; 7.5.
      rank: 2,
      departmentId: DEPT_C,
      name: NAMES[DEPT_C],
      score: 99,
      deductedPoints: 1,
      received: 2,
      acknowledgement: counts({ met: 1, missed: 1 }),
      acknowledgedOnTimeRate: 0.5,
      response: counts({ met: 2 }),
      assistance: counts(),
      respondedOnTimeRate: 1,
      ratings: { satisfied: 1, basicallySatisfied: 0, unsatisfied: 1 },
      satisfactionRate: 0.5,
      redLights: { acknowledgement: 0, response: 0, review: 0 },
      escalations: { automatic: 0, manual: 0 },
      extensionsRequested: 0,
      extensionsApproved: 0,
      returns: 0,
      responses: 2,
      averageResponseWorkingDays: 7.5,
      pending: 0,
      consultationSummaries: { met: 0, missed: 0, pending: 0 },
      deductions: [
        {
          rule: 'missed_acknowledgement',
          trackingCode: c.c2.trackingCode,
          petitionId: c.c2.id,
          consultationId: null,
          deadline: 'acknowledgement',
          dueAt: '2026-10-13T23:59:59.999+08:00',
          deadlineEventId: ev['c2.dispatched'],
          evidence: 'late_act',
          eventId: ev['c2.acknowledged'],
          at: '2026-10-14T10:00:00.000+08:00',
          points: 0.5,
        },
        {
          rule: 'unsatisfied_rating',
          trackingCode: c.c1.trackingCode,
          petitionId: c.c1.id,
          consultationId: null,
          deadline: null,
          dueAt: null,
          deadlineEventId: null,
          evidence: 'rating',
          eventId: ev['c1.rated'],
          at: '2026-10-21T10:00:00.000+08:00',
          points: 0.5,
        },
      ],
    },
    {
      // A: a1 all on time; a2 escalated manually (no points) and answered late on 10-23. Both satisfied.
      // Response 1/2 = 0.5. 100 − 1 (a2 late) = 99: tied with B and C on score, and although its satisfaction
      // (2/2) is the best, respondedOnTimeRate decides first: 0.5 < 1 → third.
      // Days: wd(10-12→10-14) = 2, wd(→10-23) = 9; 5.5.
      rank: 3,
      departmentId: DEPT_A,
      name: NAMES[DEPT_A],
      score: 99,
      deductedPoints: 1,
      received: 2,
      acknowledgement: counts({ met: 2 }),
      acknowledgedOnTimeRate: 1,
      response: counts({ met: 1, missed: 1 }),
      assistance: counts(),
      respondedOnTimeRate: 0.5,
      ratings: { satisfied: 2, basicallySatisfied: 0, unsatisfied: 0 },
      satisfactionRate: 1,
      redLights: { acknowledgement: 0, response: 0, review: 0 },
      escalations: { automatic: 0, manual: 1 },
      extensionsRequested: 0,
      extensionsApproved: 0,
      returns: 0,
      responses: 2,
      averageResponseWorkingDays: 5.5,
      pending: 0,
      consultationSummaries: { met: 0, missed: 0, pending: 0 },
      deductions: [
        {
          rule: 'missed_response',
          trackingCode: c.a2.trackingCode,
          petitionId: c.a2.id,
          consultationId: null,
          deadline: 'response',
          dueAt: '2026-10-22T23:59:59.999+08:00',
          deadlineEventId: ev['a2.dispatched'],
          evidence: 'late_act',
          eventId: ev['a2.responded'],
          at: '2026-10-23T10:00:00.000+08:00',
          points: 1,
        },
      ],
    },
    {
      // D: d1 red light on 10-23, automatic 督办 on 10-28, answered 10-29, basically satisfied. d2 extended to
      // 10-31 23:59:59.999 (October) and answered 11-02: missed in October. d3 extended to 11-01 00:00
      // (November): not in October at all. The 10-22 deadlines of d2 and d3 were superseded.
      // Response: missed d1, d2 → 0/2 = 0. 100 − 1 (d1) − 3 (d1 督办) − 1 (d2) = 95.
      // Responses in October: d1 only, wd(10-12→10-29) = 13.
      rank: 4,
      departmentId: DEPT_D,
      name: NAMES[DEPT_D],
      score: 95,
      deductedPoints: 5,
      received: 3,
      acknowledgement: counts({ met: 3 }),
      acknowledgedOnTimeRate: 1,
      response: counts({ missed: 2, superseded: 2 }),
      assistance: counts(),
      respondedOnTimeRate: 0,
      ratings: { satisfied: 0, basicallySatisfied: 1, unsatisfied: 0 },
      satisfactionRate: 1,
      redLights: { acknowledgement: 0, response: 1, review: 0 },
      escalations: { automatic: 1, manual: 0 },
      extensionsRequested: 2,
      extensionsApproved: 2,
      returns: 0,
      responses: 1,
      averageResponseWorkingDays: 13,
      pending: 0,
      consultationSummaries: { met: 0, missed: 0, pending: 0 },
      deductions: [
        {
          rule: 'missed_response',
          trackingCode: c.d1.trackingCode,
          petitionId: c.d1.id,
          consultationId: null,
          deadline: 'response',
          dueAt: '2026-10-22T23:59:59.999+08:00',
          deadlineEventId: ev['d1.dispatched'],
          evidence: 'red_light',
          eventId: ev['d1.redLight'],
          at: '2026-10-23T09:00:00.000+08:00',
          points: 1,
        },
        {
          rule: 'automatic_escalation',
          trackingCode: c.d1.trackingCode,
          petitionId: c.d1.id,
          consultationId: null,
          deadline: 'response',
          dueAt: '2026-10-22T23:59:59.999+08:00',
          deadlineEventId: null,
          evidence: 'escalation',
          eventId: ev['d1.escalated'],
          at: '2026-10-28T10:00:00.000+08:00',
          points: 3,
        },
        {
          rule: 'missed_response',
          trackingCode: c.d2.trackingCode,
          petitionId: c.d2.id,
          consultationId: null,
          deadline: 'response',
          dueAt: '2026-10-31T23:59:59.999+08:00',
          deadlineEventId: ev['d2.extended'],
          evidence: 'late_act',
          eventId: ev['d2.responded'],
          at: '2026-11-02T10:00:00.000+08:00',
          points: 1,
        },
      ],
    },
  ];

  it('October: figures, ranks, ties and every deduction as computed by hand', async () => {
    const body = await report('?from=2026-10-01&to=2026-11-01');
    expect(body).toEqual({
      from: '2026-10-01',
      to: '2026-11-01',
      periodStart: '2026-10-01T00:00:00.000+08:00',
      periodEnd: '2026-11-01T00:00:00.000+08:00',
      asOf: '2026-11-20T10:00:00.000+08:00',
      weights: {
        missedAcknowledgement: 0.5,
        missedResponse: 1,
        missedReview: 0.5,
        automaticEscalation: 3,
        unsatisfiedRating: 0.5,
        overdueConsultationSummary: 2,
        overdueAssistance: 0.5,
      },
      includeConfidential: true,
      departments: october(),
    });
  });

  it('deadlines not passed at the report time are pending: in neither numerator nor denominator, no points', async () => {
    // asOf Fri 10-23 12:00: the 10-22 deadlines have passed; b2's (10-28) and d2's (10-31 23:59:59.999) have not.
    // What happened later (b2's and d1's answers, d1's 督办, ratings after 12:00) is not known yet.
    const body = await report('?from=2026-10-01&to=2026-11-01&asOf=2026-10-23T12:00:00%2B08:00');
    expect(body.asOf).toBe('2026-10-23T12:00:00.000+08:00');
    const view = body.departments.map((d: Record<string, unknown>) => ({
      rank: d.rank,
      name: d.name,
      score: d.score,
      response: d.response,
      respondedOnTimeRate: d.respondedOnTimeRate,
      satisfactionRate: d.satisfactionRate,
      pending: d.pending,
      deductions: (d.deductions as { rule: string }[]).map((x) => x.rule),
    }));
    expect(view).toEqual([
      // C: unchanged from October's end (everything happened by 10-22). 99, on time 1, satisfaction 1/2.
      {
        rank: 1,
        name: NAMES[DEPT_C],
        score: 99,
        response: counts({ met: 2 }),
        respondedOnTimeRate: 1,
        satisfactionRate: 0.5,
        pending: 0,
        deductions: ['missed_acknowledgement', 'unsatisfied_rating'],
      },
      // B: b2's extended deadline pending → response met b1, b3 = 2/2; ratings so far b1 satisfied, b3 unsatisfied = 1/2.
      // 99 (b1 ack 0.5, b3 0.5). Equal to C in score, on-time rate and satisfaction: both rank 1, C first by name (瓯 U+74EF < 龙 U+9F99).
      {
        rank: 1,
        name: NAMES[DEPT_B],
        score: 99,
        response: counts({ met: 2, pending: 1, superseded: 1, withdrawn: 1 }),
        respondedOnTimeRate: 1,
        satisfactionRate: 0.5,
        pending: 1,
        deductions: ['missed_acknowledgement', 'unsatisfied_rating'],
      },
      // A: a2 answered late at 10:00 (known at 12:00), a2 rated satisfied at 10:00 → 99, on time 1/2.
      {
        rank: 3,
        name: NAMES[DEPT_A],
        score: 99,
        response: counts({ met: 1, missed: 1 }),
        respondedOnTimeRate: 0.5,
        satisfactionRate: 1,
        pending: 0,
        deductions: ['missed_response'],
      },
      // D: d1 red-lit at 09:00 → missed; d2 pending; the automatic 督办 (10-28) not yet → 100 − 1 = 99, on time 0/1.
      {
        rank: 4,
        name: NAMES[DEPT_D],
        score: 99,
        response: counts({ missed: 1, pending: 1, superseded: 2 }),
        respondedOnTimeRate: 0,
        satisfactionRate: null,
        pending: 1,
        deductions: ['missed_response'],
      },
    ]);
  });

  it('the period ends at 00:00 Asia/Shanghai: a deadline at 10-31 23:59:59.999 is October, one at 11-01 00:00 is November', async () => {
    const oct = await report('?from=2026-10-01&to=2026-11-01');
    const octDues = oct.departments.flatMap((d: { deductions: { petitionId: string; dueAt: string }[] }) => d.deductions);
    expect(octDues).toContainEqual(expect.objectContaining({ petitionId: c.d2.id, dueAt: '2026-10-31T23:59:59.999+08:00' }));
    expect(octDues.map((d: { petitionId: string }) => d.petitionId)).not.toContain(c.d3.id);

    // November: only D has anything. d3's deadline 11-01 00:00 missed (answered 11-02) → 0/1, 100 − 1 = 99.
    // Responses in November: d2 and d3 on 11-02, each wd(10-12→11-02) = 9 (Oct 13–23) + 5 (Oct 26–30) + 1 = 15.
    const nov = await report('?from=2026-11-01&to=2026-12-01');
    expect(nov.departments).toEqual([
      {
        ...zeroFigures,
        rank: 1,
        departmentId: DEPT_D,
        name: NAMES[DEPT_D],
        score: 99,
        deductedPoints: 1,
        received: 0,
        response: counts({ missed: 1 }),
        respondedOnTimeRate: 0,
        responses: 2,
        averageResponseWorkingDays: 15,
        deductions: [
          {
            rule: 'missed_response',
            trackingCode: c.d3.trackingCode,
            petitionId: c.d3.id,
            consultationId: null,
            deadline: 'response',
            dueAt: '2026-11-01T00:00:00.000+08:00',
            deadlineEventId: ev['d3.extended'],
            evidence: 'late_act',
            eventId: ev['d3.responded'],
            at: '2026-11-02T10:00:00.000+08:00',
            points: 1,
          },
        ],
      },
    ]);
  });

  it('a period of several months (loaded a month at a time) scores exactly as the query behind the public ranking', async () => {
    const body = await report('?from=2026-09-15&to=2026-12-01');
    const direct = await h.t.app.get(DepartmentPerformanceQuery, { strict: false }).assess({
      from: new Date('2026-09-15T00:00:00+08:00'),
      to: new Date('2026-12-01T00:00:00+08:00'),
      now: new Date('2026-11-20T10:00:00+08:00'),
      includeConfidential: true,
    });
    expect(body.departments.map((d: { departmentId: string; rank: number; score: number }) => [d.departmentId, d.rank, d.score])).toEqual(
      direct.departments.map((d) => [d.departmentId, d.rank, d.score]),
    );
    expect(body.departments.flatMap((d: { deductions: { eventId: string }[] }) => d.deductions.map((x) => x.eventId))).toEqual(
      direct.departments.flatMap((d) => d.deductions.map((x) => x.eventId)),
    );
    // October + November: D has 95 − 1 (d3) = 94.
    expect(body.departments.find((d: { departmentId: string }) => d.departmentId === DEPT_D).score).toBe(94);
  });

  it('CSV of the figures: UTF-8 with BOM, hand-computed rows in rank order, byte-identical when run twice', async () => {
    const first = await file('?from=2026-10-01&to=2026-11-01&format=csv&asOf=2026-11-20T10:00:00%2B08:00');
    expect(first.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(first.headers['content-disposition']).toBe(
      `attachment; filename="assessment_2026-10-01_2026-11-01_departments.csv"; filename*=UTF-8''${encodeURIComponent('部门考核_2026-10-01_2026-11-01.csv')}`,
    );
    expect(first.headers['x-report-as-of']).toBe('2026-11-20T10:00:00.000+08:00');
    const bytes = first.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').slice(1).split('\r\n')).toEqual([
      '排名,部门,部门ID,得分,扣分合计,扣分条数,交办件数,回应时限（按期）,回应时限（超期）,回应时限（未到期）,回应时限（退单不计）,按期回应率,' +
        '办复时限（按期）,办复时限（超期）,办复时限（未到期）,办复时限（延期替代）,办复时限（退单不计）,按期办复率,满意,基本满意,不满意,满意率,' +
        '亮红灯（回应）,亮红灯（办复）,亮红灯（审核）,督办（自动）,督办（人工）,申请延期,批准延期,退单,办复件数,平均办复工作日,未到期时限合计,' +
        '意见征集反馈（按期）,意见征集反馈（超期）,意见征集反馈（未到期）,协办时限（按期）,协办时限（超期）',
      `1,龙湾区人民政府,${DEPT_B},99,1,2,4,2,1,0,1,0.6667,3,0,0,1,1,1,2,0,1,0.6667,1,0,0,0,0,2,1,1,3,8.33,0,0,0,0,0,0`,
      `2,瓯海区人民政府,${DEPT_C},99,1,2,2,1,1,0,0,0.5,2,0,0,0,0,1,1,0,1,0.5,0,0,0,0,0,0,0,0,2,7.5,0,0,0,0,0,0`,
      `3,鹿城区人民政府,${DEPT_A},99,1,1,2,2,0,0,0,1,1,1,0,0,0,0.5,2,0,0,1,0,0,0,0,1,0,0,0,2,5.5,0,0,0,0,0,0`,
      `4,洞头区人民政府,${DEPT_D},95,5,3,3,3,0,0,0,1,0,2,0,2,0,0,0,1,0,1,0,1,0,1,0,2,2,0,1,13,0,0,0,0,0,0`,
      '',
    ]);
    const second = await file('?from=2026-10-01&to=2026-11-01&format=csv&asOf=2026-11-20T10:00:00%2B08:00');
    expect(Buffer.compare(second.body as Buffer, bytes)).toBe(0);
    // Without asOf the report time is now; the CSV holds no report time, so it is the same bytes again.
    const third = await file('?from=2026-10-01&to=2026-11-01&format=csv');
    expect(Buffer.compare(third.body as Buffer, bytes)).toBe(0);
  });

  it('CSV of the deductions: every deduction with tracking code, deadline, event id and time, byte-identical when run twice', async () => {
    const q = '?from=2026-10-01&to=2026-11-01&format=csv&sheet=deductions&asOf=2026-11-20T10:00:00%2B08:00';
    const first = await file(q);
    expect(first.headers['content-disposition']).toContain('filename="assessment_2026-10-01_2026-11-01_deductions.csv"');
    const row = (
      name: string,
      dept: string,
      rule: string,
      deadline: string,
      dueAt: string,
      setBy: string,
      evidence: string,
      eventId: string,
      at: string,
      points: string,
    ) => [NAMES[dept], dept, rule, c[name].trackingCode, c[name].id, deadline, dueAt, setBy, evidence, eventId, at, points, ''].join(',');
    expect((first.body as Buffer).toString('utf8').split('\r\n')).toEqual([
      '\uFEFF部门,部门ID,扣分项,受理编号,案件ID,时限类型,截止时间（北京时间）,时限设定事件ID,依据,事件ID,发生时间（北京时间）,扣分,意见征集ID',
      // Departments in rank order (B, C, A, D), each oldest first.
      row(
        'b1',
        DEPT_B,
        '回应超期',
        '回应',
        '2026-10-13T23:59:59.999+08:00',
        ev['b1.dispatched'],
        '亮红灯',
        ev['b1.redLight'],
        '2026-10-14T09:00:00.000+08:00',
        '0.5',
      ),
      row('b3', DEPT_B, '不满意评价', '', '', '', '评价', ev['b3.rated'], '2026-10-22T10:00:00.000+08:00', '0.5'),
      row(
        'c2',
        DEPT_C,
        '回应超期',
        '回应',
        '2026-10-13T23:59:59.999+08:00',
        ev['c2.dispatched'],
        '超期办理',
        ev['c2.acknowledged'],
        '2026-10-14T10:00:00.000+08:00',
        '0.5',
      ),
      row('c1', DEPT_C, '不满意评价', '', '', '', '评价', ev['c1.rated'], '2026-10-21T10:00:00.000+08:00', '0.5'),
      row(
        'a2',
        DEPT_A,
        '办复超期',
        '办复',
        '2026-10-22T23:59:59.999+08:00',
        ev['a2.dispatched'],
        '超期办理',
        ev['a2.responded'],
        '2026-10-23T10:00:00.000+08:00',
        '1',
      ),
      row(
        'd1',
        DEPT_D,
        '办复超期',
        '办复',
        '2026-10-22T23:59:59.999+08:00',
        ev['d1.dispatched'],
        '亮红灯',
        ev['d1.redLight'],
        '2026-10-23T09:00:00.000+08:00',
        '1',
      ),
      row(
        'd1',
        DEPT_D,
        '自动督办',
        '办复',
        '2026-10-22T23:59:59.999+08:00',
        '',
        '督办',
        ev['d1.escalated'],
        '2026-10-28T10:00:00.000+08:00',
        '3',
      ),
      row(
        'd2',
        DEPT_D,
        '办复超期',
        '办复',
        '2026-10-31T23:59:59.999+08:00',
        ev['d2.extended'],
        '超期办理',
        ev['d2.responded'],
        '2026-11-02T10:00:00.000+08:00',
        '1',
      ),
      '',
    ]);
    expect(Buffer.compare((await file(q)).body as Buffer, first.body as Buffer)).toBe(0);
  });

  it('XLSX: two sheets, 部门考核 and 扣分明细, read back with exceljs', async () => {
    const res = await file('?from=2026-10-01&to=2026-11-01&format=xlsx');
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toContain('filename="assessment_2026-10-01_2026-11-01.xlsx"');
    const wb = new Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer); // exceljs declares its own Buffer (an ArrayBuffer)
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['部门考核', '扣分明细']);
    expect(wb.title).toBe('部门考核 2026-10-01 至 2026-10-31');

    const rows = (name: string) => {
      const ws = wb.getWorksheet(name);
      if (!ws) throw new Error(`no sheet ${name}`);
      const out: unknown[][] = [];
      ws.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
      return out;
    };
    const figures = rows('部门考核');
    expect(figures).toHaveLength(5);
    expect(figures[0].slice(0, 7)).toEqual(['排名', '部门', '部门ID', '得分', '扣分合计', '扣分条数', '交办件数']);
    expect(figures[0][11]).toBe('按期回应率');
    expect(figures[0][17]).toBe('按期办复率');
    // rank, name, id, score, points, deductions, received; the rates are numbers (shown as percentages).
    expect(figures.slice(1).map((r) => [...r.slice(0, 7), r[11], r[17], r[21], r[31]])).toEqual([
      [1, '龙湾区人民政府', DEPT_B, 99, 1, 2, 4, 0.6667, 1, 0.6667, 8.33],
      [2, '瓯海区人民政府', DEPT_C, 99, 1, 2, 2, 0.5, 1, 0.5, 7.5],
      [3, '鹿城区人民政府', DEPT_A, 99, 1, 1, 2, 1, 0.5, 1, 5.5],
      [4, '洞头区人民政府', DEPT_D, 95, 5, 3, 3, 1, 0, 1, 13],
    ]);
    expect(wb.getWorksheet('部门考核')?.getCell('L2').numFmt).toBe('0.00%');

    const deductions = rows('扣分明细');
    expect(deductions[0]).toEqual([
      '部门',
      '部门ID',
      '扣分项',
      '受理编号',
      '案件ID',
      '时限类型',
      '截止时间（北京时间）',
      '时限设定事件ID',
      '依据',
      '事件ID',
      '发生时间（北京时间）',
      '扣分',
      '意见征集ID',
    ]);
    expect(deductions).toHaveLength(9); // 2 (B) + 2 (C) + 1 (A) + 3 (D)
    // Times are Beijing wall-clock time (Excel has no zones), to the millisecond: d2's deadline stays on 10-31.
    expect(deductions[8]).toEqual([
      '洞头区人民政府',
      DEPT_D,
      '办复超期',
      c.d2.trackingCode,
      c.d2.id,
      '办复',
      new Date('2026-10-31T23:59:59.999Z'),
      ev['d2.extended'],
      '超期办理',
      ev['d2.responded'],
      new Date('2026-11-02T10:00:00.000Z'),
      1,
    ]);
    // A rating is about no deadline: those cells stay empty.
    expect(deductions[2]).toEqual([
      '龙湾区人民政府',
      DEPT_B,
      '不满意评价',
      c.b3.trackingCode,
      c.b3.id,
      undefined,
      undefined,
      undefined,
      '评价',
      ev['b3.rated'],
      new Date('2026-10-22T10:00:00.000Z'),
      0.5,
    ]);
    expect(deductions.slice(1).map((r) => r[9])).toEqual([
      ev['b1.redLight'],
      ev['b3.rated'],
      ev['c2.acknowledged'],
      ev['c1.rated'],
      ev['a2.responded'],
      ev['d1.redLight'],
      ev['d1.escalated'],
      ev['d2.responded'],
    ]);
  });

  it('GET /api/reports/assessment/deductions: the report deductions a page at a time, in report order, with their department', async () => {
    const q = 'from=2026-10-01&to=2026-11-01&asOf=2026-11-20T10:00:00%2B08:00';
    const full = await report(`?${q}`);
    const all = full.departments.flatMap((d: { departmentId: string; name: string; rank: number; deductions: object[] }) =>
      d.deductions.map((x) => ({
        ...x,
        departmentId: d.departmentId,
        departmentName: d.name,
        rank: d.rank,
        ruleLabel: expect.any(String),
        evidenceLabel: expect.any(String),
      })),
    );
    expect(all).toHaveLength(8); // 2 (B) + 2 (C) + 1 (A) + 3 (D)
    const page = (query: string) => h.t.http().get(`/api/reports/assessment/deductions?${q}${query}`).set(bearer(h.tk.supervisor));
    const first = (await page('&limit=3').expect(200)).body;
    expect(first).toEqual({
      from: '2026-10-01',
      to: '2026-11-01',
      asOf: '2026-11-20T10:00:00.000+08:00',
      total: 8,
      offset: 0,
      limit: 3,
      items: all.slice(0, 3),
    });
    expect((await page('&offset=3&limit=3').expect(200)).body.items).toEqual(all.slice(3, 6));
    // The labels the XLSX's 扣分明细 gives.
    expect(first.items[0]).toMatchObject({ rule: 'missed_acknowledgement', ruleLabel: '回应超期' });
    expect((await page('&offset=6').expect(200)).body).toMatchObject({ limit: 20, items: all.slice(6) });
    expect((await page('&offset=8').expect(200)).body).toMatchObject({ total: 8, items: [] });
    await h.t.http().get(`/api/reports/assessment/deductions?${q}`).set(bearer(h.tk.auditor)).expect(200);
    await h.t.http().get(`/api/reports/assessment/deductions?${q}`).set(bearer(h.tk.handlerA)).expect(403);
    await h.t.http().get(`/api/reports/assessment/deductions?${q}`).expect(401);
    for (const [query, field] of [
      ['&limit=101', 'limit'],
      ['&limit=0', 'limit'],
      ['&offset=-1', 'offset'],
      ['&offset=1.5', 'offset'],
      ['&format=csv', 'format'],
    ]) {
      const res = await page(query).expect(400);
      expect(res.body.message).toMatch(new RegExp(`^${field}: `));
    }
    const res = await h.t
      .http()
      .get('/api/reports/assessment/deductions?from=2026-10-01&to=2026-10-01')
      .set(bearer(h.tk.supervisor))
      .expect(400);
    expect(res.body.message).toMatch(/^to: /);
  });

  it('a period with nothing in it is an empty report', async () => {
    const body = await report('?from=2025-01-01&to=2025-02-01');
    expect(body.departments).toEqual([]);
    const csv = await file('?from=2025-01-01&to=2025-02-01&format=csv&sheet=deductions');
    expect((csv.body as Buffer).toString('utf8').split('\r\n')).toHaveLength(2); // the header and the final line end
  });

  it('is for supervisors and auditors: 401 without a token, 403 for a handler or reviewer', async () => {
    await get('?from=2026-10-01&to=2026-11-01').expect(401);
    await get('?from=2026-10-01&to=2026-11-01', h.tk.auditor).expect(200);
    for (const token of [h.tk.handlerA, h.tk.reviewer]) {
      const res = await get('?from=2026-10-01&to=2026-11-01', token).expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    }
  });

  it.each([
    ['from missing', '?to=2026-11-01', 'from'],
    ['to missing', '?from=2026-10-01', 'to'],
    ['from not a real date', '?from=2026-02-30&to=2026-11-01', 'from'],
    ['to not YYYY-MM-DD', '?from=2026-10-01&to=2026-11-1', 'to'],
    ['to = from (to is exclusive)', '?from=2026-10-01&to=2026-10-01', 'to'],
    ['to before from', '?from=2026-11-01&to=2026-10-01', 'to'],
    ['367 days', '?from=2026-01-01&to=2027-01-03', 'to'],
    ['from repeated', '?from=2026-10-01&from=2026-09-01&to=2026-11-01', 'from'],
    ['unknown format', '?from=2026-10-01&to=2026-11-01&format=pdf', 'format'],
    ['empty format', '?from=2026-10-01&to=2026-11-01&format=', 'format'],
    ['unknown sheet', '?from=2026-10-01&to=2026-11-01&format=csv&sheet=summary', 'sheet'],
    ['sheet without csv', '?from=2026-10-01&to=2026-11-01&format=xlsx&sheet=deductions', 'sheet'],
    ['asOf without an offset', '?from=2026-10-01&to=2026-11-01&asOf=2026-11-20T10:00:00', 'asOf'],
    ['asOf not an instant', '?from=2026-10-01&to=2026-11-01&asOf=yesterday', 'asOf'],
    ['asOf later than now', '?from=2026-10-01&to=2026-11-01&asOf=2026-11-20T10:00:00.001%2B08:00', 'asOf'],
    ['an unknown field', '?from=2026-10-01&to=2026-11-01&departmentId=x', 'departmentId'],
  ])('400 naming the field: %s', async (_, query, field) => {
    const res = await get(query, h.tk.supervisor).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.message).toMatch(new RegExp(`^${field}: `));
  });

  it('accepts 366 days (a leap year) and a report time equal to now', async () => {
    await get('?from=2028-01-01&to=2029-01-01', h.tk.supervisor).expect(200);
    const res = await get('?from=2026-10-01&to=2026-11-01&asOf=2026-11-20T02:00:00Z', h.tk.supervisor).expect(200);
    expect(res.body.asOf).toBe('2026-11-20T10:00:00.000+08:00');
  });

  describe('npm run report (the CLI)', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'wz-report-'));
    });
    afterAll(async () => rm(dir, { recursive: true, force: true }));
    const cli = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string; stdout: Buffer }>((resolve) => {
        let stderr = '';
        const stdout: Buffer[] = [];
        const child = spawn(process.execPath, ['scripts/run.js', 'api/src/reports/report-cli', '--', ...args], {
          cwd: path.resolve(__dirname, '../..'),
          env: { ...process.env, DATABASE_URL: h.t.runtime.databaseUrl, EVENTSTORE_CONNECTION_STRING: '', LOG_LEVEL: 'error' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout?.on('data', (d: Buffer) => stdout.push(d));
        child.stderr?.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code, stderr, stdout: Buffer.concat(stdout) }));
      });

    it('writes the same CSV bytes as the route, and an XLSX of a whole year', async () => {
      const csvPath = path.join(dir, 'deductions.csv');
      const csv = await cli([
        '--from',
        '2026-10-01',
        '--to',
        '2026-11-01',
        '--format',
        'csv',
        '--sheet',
        'deductions',
        '--as-of',
        '2026-11-20T10:00:00+08:00',
        '--out',
        csvPath,
      ]);
      expect(csv).toMatchObject({ code: 0 });
      expect(csv.stderr).toContain('4 departments, 8 deductions');
      const viaHttp = await file('?from=2026-10-01&to=2026-11-01&format=csv&sheet=deductions&asOf=2026-11-20T10:00:00%2B08:00');
      expect(Buffer.compare(await readFile(csvPath), viaHttp.body as Buffer)).toBe(0);

      const xlsxPath = path.join(dir, 'year.xlsx');
      const year = await cli([
        '--from',
        '2026-01-01',
        '--to',
        '2027-01-01',
        '--format',
        'xlsx',
        '--as-of',
        '2026-11-20T10:00:00+08:00',
        '--out',
        xlsxPath,
      ]);
      expect(year).toMatchObject({ code: 0 });
      const wb = new Workbook();
      await wb.xlsx.load((await readFile(xlsxPath)) as unknown as ArrayBuffer);
      expect(wb.worksheets.map((ws) => ws.name)).toEqual(['部门考核', '扣分明细']);
      // The year holds October and November: D 95 − 1 (d3, November) = 94 and 9 deductions in all.
      expect(wb.getWorksheet('部门考核')?.rowCount).toBe(5);
      expect(wb.getWorksheet('扣分明细')?.rowCount).toBe(10);
    });

    // A newcomer's find (2026-12-07): --help was an unknown option (exit 2).
    it('--help prints the usage on standard output and exits 0, touching nothing', async () => {
      for (const flag of ['--help', '-h']) {
        const help = await cli([flag]);
        expect({ flag, code: help.code }).toEqual({ flag, code: 0 });
        expect(help.stdout.toString()).toMatch(/^usage: npm run report -- --from YYYY-MM-DD/);
      }
    });

    it('without --out writes to standard output, not a file in the repository folder', async () => {
      const args = [
        '--from',
        '2026-10-01',
        '--to',
        '2026-11-01',
        '--format',
        'csv',
        '--sheet',
        'deductions',
        '--as-of',
        '2026-11-20T10:00:00+08:00',
      ];
      const csv = await cli(args);
      expect(csv).toMatchObject({ code: 0 });
      expect(csv.stderr).not.toContain('wrote');
      const viaHttp = await file('?from=2026-10-01&to=2026-11-01&format=csv&sheet=deductions&asOf=2026-11-20T10:00:00%2B08:00');
      expect(Buffer.compare(csv.stdout, viaHttp.body as Buffer)).toBe(0);
      expect(existsSync(path.resolve(__dirname, '../..', 'assessment_2026-10-01_2026-11-01_deductions.csv'))).toBe(false);
    });

    it('refuses bad arguments naming the flag, exit code 2', async () => {
      const bad = await cli(['--from', '2026-10-01', '--to', '2026-10-01']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^--to: must be after from/m);
      expect(bad.stderr).toContain('usage: npm run report');
    });
  });

  it('is in the OpenAPI document with to documented as exclusive', async () => {
    const doc = (await h.t.http().get('/api/docs-json').expect(200)).body;
    const op = doc.paths['/api/reports/assessment'].get;
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['asOf', 'format', 'from', 'sheet', 'to']);
    expect(op.parameters.find((p: { name: string }) => p.name === 'to').description).toMatch(/EXCLUSIVE/);
  });
});

describe('GET /api/reports/assessment with weights from configuration (SCORING_WEIGHTS)', () => {
  let h: Harness;
  let only: Case;
  beforeAll(async () => {
    h = await harness({ SCORING_WEIGHTS: '{"missedAcknowledgement":40,"missedResponse":70}' });
    h.setClock('2026-10-12T10:00:00');
    only = await actions(h).dispatch(DEPT_A); // never acknowledged, never answered, no red light
    await h.t.waitForProjections();
    h.setClock('2026-11-20T10:00:00');
  });
  afterAll(async () => h.t.close());

  it('deducts the configured points and floors the score at 0; a deadline passed with no event names the event that set it', async () => {
    const body = (await h.t.http().get('/api/reports/assessment?from=2026-10-01&to=2026-11-01').set(bearer(h.tk.supervisor)).expect(200))
      .body;
    expect(body.weights).toEqual({
      missedAcknowledgement: 40,
      missedResponse: 70,
      missedReview: 0.5,
      automaticEscalation: 3,
      unsatisfiedRating: 0.5,
      overdueConsultationSummary: 2,
      overdueAssistance: 0.5,
    });
    const dispatched = await actions(h).eventId(only, 'PetitionDispatched');
    // 100 − 40 (acknowledgement missed) − 70 (response missed) = −10 → floored at 0.
    expect(body.departments).toEqual([
      {
        ...zeroFigures,
        rank: 1,
        departmentId: DEPT_A,
        name: NAMES[DEPT_A],
        score: 0,
        deductedPoints: 110,
        received: 1,
        acknowledgement: counts({ missed: 1 }),
        acknowledgedOnTimeRate: 0,
        response: counts({ missed: 1 }),
        respondedOnTimeRate: 0,
        deductions: [
          {
            rule: 'missed_acknowledgement',
            trackingCode: only.trackingCode,
            petitionId: only.id,
            consultationId: null,
            deadline: 'acknowledgement',
            dueAt: '2026-10-13T23:59:59.999+08:00',
            deadlineEventId: dispatched,
            evidence: 'no_act',
            eventId: dispatched,
            at: '2026-10-13T23:59:59.999+08:00',
            points: 40,
          },
          {
            rule: 'missed_response',
            trackingCode: only.trackingCode,
            petitionId: only.id,
            consultationId: null,
            deadline: 'response',
            dueAt: '2026-10-22T23:59:59.999+08:00',
            deadlineEventId: dispatched,
            evidence: 'no_act',
            eventId: dispatched,
            at: '2026-10-22T23:59:59.999+08:00',
            points: 70,
          },
        ],
      },
    ]);
  });
});
