import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { WorkingDayCalendar, toLocalIso } from '@wenzheng/calendar';
import { PostgresEventStore, RecordedEvent } from '@wenzheng/event-store';
import { ProjectedEvent, Projector, TableNames, liveTables, rebuildProjection, rebuildTables } from '@wenzheng/projector';
import { DEFAULT_WEIGHTS } from '@wenzheng/scoring';
import {
  DEADLINE_DAYS,
  DEADLINE_FACTS,
  EVENT_DAYS,
  EVENT_FACTS,
  PETITION_STATE,
  departmentPerformanceProjection as projection,
} from '@wenzheng/read-models';
import { DepartmentPerformanceQuery } from '@wenzheng/read-models';
// The query reads consultation summaries too (none here): their table must exist.
import { consultationSummaryFactsProjection } from '@wenzheng/read-models';
import type { ReferenceDataService } from '@wenzheng/read-models';
import { createTestDatabase } from '../setup/database';

// Hand-written streams, projected on real PostgreSQL; every expected row is written out below.

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let store: PostgresEventStore;
const decode = async (r: RecordedEvent): Promise<ProjectedEvent> => ({ type: r.type, data: r.data, recorded: r });
const live = liveTables(projection);

const DEPT_A = 'd2d79721-6e53-4821-8a7d-9562673da677';
const DEPT_B = '1bd843f5-d442-4e70-b30c-30391e2af8da';
const P1 = randomUUID();
const P2 = randomUUID();
const CODE1 = 'WZ20261009-AAAAAAAAAA';
const CODE2 = 'WZ20261012-BBBBBBBBBB';
const CITIZEN = { name: '张伟', phone: '13812345678', idNumber: '33030219800101123X', email: 'zhangwei@example.com' };

/** End of a Shanghai day, as deadlines are stored. */
const eod = (date: string) => new Date(`${date}T23:59:59.999+08:00`).toISOString();
const at = (local: string) => new Date(`${local}+08:00`).toISOString();

// Event ids are fixed here so the expected rows can name them.
const ids = Object.fromEntries(
  [
    'sub1',
    'rev1',
    'disp1',
    'ack1',
    'extReq1',
    'extOk1',
    'resp1',
    'rate1',
    'reopen1',
    'miss1',
    'esc1',
    'resp1b',
    'rate1b',
    'close1',
    'comment1',
    'sub2',
    'rev2',
    'dispA2',
    'missAck2',
    'escManual2',
    'ret2',
    'escNoDept2',
    'dispB2',
    'ackB2',
  ].map((k) => [k, randomUUID()]),
) as Record<string, string>;

type E = { key: string; type: string; data: Record<string, unknown> };
const e = (key: string, type: string, data: Record<string, unknown>): E => ({ key, type, data });

// P1 (department A): acknowledged on time, extension approved, answered within it, rated unsatisfied,
// reopened, the rework deadline missed (red light, automatic escalation), answered late, rated satisfied.
const stream1: E[] = [
  e('sub1', 'PetitionSubmitted', {
    petitionId: P1,
    at: at('2026-10-09T09:00:00'),
    trackingCode: CODE1,
    channel: 'web',
    kind: 'complaint',
    addressee: { type: 'mayor' },
    title: '小区停水',
    content: '停水三天',
    citizen: CITIZEN,
    publicConsent: true,
    submitter: { accessKeyHash: 'h' },
  }),
  e('rev1', 'PetitionReviewed', { petitionId: P1, at: at('2026-10-09T09:10:00'), outcome: 'accepted', confidential: false }),
  e('disp1', 'PetitionDispatched', {
    petitionId: P1,
    at: at('2026-10-09T09:20:00'),
    departmentId: DEPT_A,
    acknowledgeBy: eod('2026-10-10'),
    respondBy: eod('2026-10-20'),
  }),
  e('ack1', 'PetitionAcknowledged', {
    petitionId: P1,
    at: at('2026-10-10T10:00:00'),
    departmentId: DEPT_A,
    onTime: true,
    acknowledgeBy: eod('2026-10-10'),
  }),
  e('extReq1', 'ExtensionRequested', {
    petitionId: P1,
    at: at('2026-10-15T10:00:00'),
    departmentId: DEPT_A,
    reason: '需联合核查',
    requestedRespondBy: eod('2026-10-27'),
    currentRespondBy: eod('2026-10-20'),
  }),
  e('extOk1', 'ExtensionDecided', {
    petitionId: P1,
    at: at('2026-10-16T10:00:00'),
    departmentId: DEPT_A,
    approved: true,
    respondBy: eod('2026-10-27'),
    requestedRespondBy: eod('2026-10-27'),
    previousRespondBy: eod('2026-10-20'),
  }),
  e('resp1', 'PetitionResponded', {
    petitionId: P1,
    at: at('2026-10-26T10:00:00'),
    departmentId: DEPT_A,
    answer: '已处理',
    onTime: true,
    respondBy: eod('2026-10-27'),
  }),
  e('rate1', 'PetitionRated', { petitionId: P1, at: at('2026-10-27T10:00:00'), departmentId: DEPT_A, satisfaction: 'unsatisfied' }),
  e('reopen1', 'PetitionReopened', {
    petitionId: P1,
    at: at('2026-10-28T10:00:00'),
    departmentId: DEPT_A,
    reason: '重办',
    respondBy: eod('2026-11-09'),
    reopenCount: 1,
  }),
  e('miss1', 'PetitionDeadlineMissed', {
    petitionId: P1,
    at: at('2026-11-10T00:01:00'),
    deadline: 'response',
    dueAt: eod('2026-11-09'),
    departmentId: DEPT_A,
  }),
  e('esc1', 'PetitionEscalated', {
    petitionId: P1,
    at: at('2026-11-13T09:00:00'),
    reason: '逾期',
    automatic: true,
    level: 1,
    departmentId: DEPT_A,
    respondBy: eod('2026-11-09'),
  }),
  e('resp1b', 'PetitionResponded', {
    petitionId: P1,
    at: at('2026-11-16T10:00:00'),
    departmentId: DEPT_A,
    answer: '已再次处理',
    onTime: false,
    respondBy: eod('2026-11-09'),
  }),
  e('rate1b', 'PetitionRated', { petitionId: P1, at: at('2026-11-17T10:00:00'), departmentId: DEPT_A, satisfaction: 'satisfied' }),
  e('close1', 'PetitionClosed', { petitionId: P1, at: at('2026-11-17T10:00:00'), reason: 'rated' }),
  e('comment1', 'PetitionCommented', { petitionId: P1, at: at('2026-11-18T10:00:00'), text: '好', author: '网友1' }),
];

// P2 (confidential): A misses the acknowledgement, is escalated by a supervisor, returns the case;
// B receives it and acknowledges late; B's response deadline then passes unanswered.
const stream2: E[] = [
  e('sub2', 'PetitionSubmitted', {
    petitionId: P2,
    at: at('2026-10-12T09:00:00'),
    trackingCode: CODE2,
    channel: 'hotline_12345',
    kind: 'report',
    addressee: { type: 'general' },
    title: '举报',
    content: '举报内容',
    citizen: CITIZEN,
    publicConsent: false,
    submitter: { accessKeyHash: 'h2' },
  }),
  e('rev2', 'PetitionReviewed', { petitionId: P2, at: at('2026-10-12T09:30:00'), outcome: 'accepted', confidential: true }),
  e('dispA2', 'PetitionDispatched', {
    petitionId: P2,
    at: at('2026-10-12T10:00:00'),
    departmentId: DEPT_A,
    acknowledgeBy: eod('2026-10-13'),
    respondBy: eod('2026-10-22'),
  }),
  e('missAck2', 'PetitionDeadlineMissed', {
    petitionId: P2,
    at: at('2026-10-14T00:05:00'),
    deadline: 'acknowledgement',
    dueAt: eod('2026-10-13'),
    departmentId: DEPT_A,
  }),
  e('escManual2', 'PetitionEscalated', {
    petitionId: P2,
    at: at('2026-10-14T09:00:00'),
    reason: '督办',
    automatic: false,
    level: 1,
    departmentId: DEPT_A,
    respondBy: eod('2026-10-22'),
  }),
  e('ret2', 'PetitionReturned', { petitionId: P2, at: at('2026-10-14T10:00:00'), departmentId: DEPT_A, reason: '不属本单位' }),
  e('escNoDept2', 'PetitionEscalated', { petitionId: P2, at: at('2026-10-14T11:00:00'), reason: '尽快转办', automatic: false, level: 2 }),
  e('dispB2', 'PetitionDispatched', {
    petitionId: P2,
    at: at('2026-10-14T15:00:00'),
    departmentId: DEPT_B,
    acknowledgeBy: eod('2026-10-15'),
    respondBy: eod('2026-10-26'),
  }),
  e('ackB2', 'PetitionAcknowledged', {
    petitionId: P2,
    at: at('2026-10-16T09:00:00'),
    departmentId: DEPT_B,
    onTime: false,
    acknowledgeBy: eod('2026-10-15'),
  }),
];

async function append(petitionId: string, events: E[]) {
  await store.appendToStream(
    `petition-${petitionId}`,
    events.map((x) => ({ id: ids[x.key], type: x.type, data: x.data })),
  );
}

async function project(batchSize = 4): Promise<void> {
  const projector = new Projector({
    pool: db.pool,
    store,
    projections: [projection, consultationSummaryFactsProjection],
    decode,
    batchSize,
    maxBatchDelayMs: 5,
  });
  await projector.start();
  const [head] = await store.readAll({ direction: 'backwards', maxCount: 1 });
  await projector.waitFor(head.position);
  await projector.stop();
}

async function inTransaction<T>(work: (c: PoolClient) => Promise<T>): Promise<T> {
  const c = await db.pool.connect();
  try {
    await c.query('begin');
    const out = await work(c);
    await c.query('commit');
    return out;
  } catch (err) {
    await c.query('rollback');
    throw err;
  } finally {
    c.release();
  }
}

const allEvents = async () => Promise.all((await store.readAll()).filter((r) => r.streamId.startsWith('petition-')).map(decode));

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
const plain = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, iso(v)]));

async function snapshot(names: TableNames = live) {
  const q = async (sql: string) => (await db.pool.query(sql)).rows.map(plain);
  return {
    deadlines: await q(`select * from ${names[DEADLINE_FACTS]} order by due_at, source_event_id, kind`),
    events: await q(`select event_id, type, petition_id, tracking_code, department_id, confidential, at, local_day::text as local_day,
      satisfaction, due_at, started_at, on_time from ${names[EVENT_FACTS]} order by at, event_id`),
    petitions: await q(`select * from ${names[PETITION_STATE]} order by petition_id`),
    // Kept by triggers on the facts: the same counts however the events were cut into batches or replayed.
    deadlineDays: await q(
      `select department_id, kind, confidential, due_day::text, outcome, n from ${names[DEADLINE_DAYS]} order by 1, 2, 3, 4, 5`,
    ),
    eventDays: await q(
      `select department_id, type, satisfaction, confidential, day::text, started_day::text, n from ${names[EVENT_DAYS]} order by 1, 2, 3, 4, 5, 6`,
    ),
  };
}

/** The report's local time of an instant column (toLocalIso without its offset), null for null. */
const localOf = (iso: unknown) => (typeof iso === 'string' ? toLocalIso(new Date(iso)).slice(0, -'+08:00'.length) : null);
const deadlineRow = (o: Record<string, unknown>) => {
  const row: Record<string, unknown> = {
    act_event_id: null,
    act_at: null,
    met: null,
    missed_event_id: null,
    missed_at: null,
    superseded_by_event_id: null,
    superseded_at: null,
    withdrawn_by_event_id: null,
    withdrawn_at: null,
    ...o,
  };
  // Written with each fact for the report (generated columns).
  return { ...row, due_local: localOf(row.due_at), act_local: localOf(row.act_at), missed_local: localOf(row.missed_at) };
};
const eventRow = (o: Record<string, unknown>) => ({ satisfaction: null, due_at: null, started_at: null, on_time: null, ...o });

beforeAll(async () => {
  db = await createTestDatabase('wz_perf');
  store = new PostgresEventStore({ pool: db.pool, pollIntervalMs: 50 });
  await store.migrate();
  await append(P1, stream1);
  await append(P2, stream2);
  await project();
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

describe('deadline facts', () => {
  it('P1: the approved extension supersedes the first response deadline; the reopen sets a new one', async () => {
    const { deadlines } = await snapshot();
    const p1 = deadlines.filter((d) => d.petition_id === P1);
    const base = { petition_id: P1, tracking_code: CODE1, department_id: DEPT_A, confidential: false };
    expect(p1).toEqual([
      deadlineRow({
        ...base,
        source_event_id: ids.disp1,
        kind: 'acknowledgement',
        due_at: eod('2026-10-10'),
        set_at: at('2026-10-09T09:20:00'),
        act_event_id: ids.ack1,
        act_at: at('2026-10-10T10:00:00'),
        met: true,
      }),
      deadlineRow({
        ...base,
        source_event_id: ids.disp1,
        kind: 'response',
        due_at: eod('2026-10-20'),
        set_at: at('2026-10-09T09:20:00'),
        superseded_by_event_id: ids.extOk1,
        superseded_at: at('2026-10-16T10:00:00'),
      }),
      deadlineRow({
        ...base,
        source_event_id: ids.extOk1,
        kind: 'response',
        due_at: eod('2026-10-27'),
        set_at: at('2026-10-16T10:00:00'),
        act_event_id: ids.resp1,
        act_at: at('2026-10-26T10:00:00'),
        met: true,
      }),
      deadlineRow({
        ...base,
        source_event_id: ids.reopen1,
        kind: 'response',
        due_at: eod('2026-11-09'),
        set_at: at('2026-10-28T10:00:00'),
        act_event_id: ids.resp1b,
        act_at: at('2026-11-16T10:00:00'),
        met: false,
        missed_event_id: ids.miss1,
        missed_at: at('2026-11-10T00:01:00'),
      }),
    ]);
    expect(deadlines).toHaveLength(8);
  });

  it('P2: a return withdraws the open deadlines; the next department gets its own', async () => {
    const p2 = (await snapshot()).deadlines.filter((d) => d.petition_id === P2);
    const a = { petition_id: P2, tracking_code: CODE2, department_id: DEPT_A, confidential: true, set_at: at('2026-10-12T10:00:00') };
    const b = { petition_id: P2, tracking_code: CODE2, department_id: DEPT_B, confidential: true, set_at: at('2026-10-14T15:00:00') };
    const returned = { withdrawn_by_event_id: ids.ret2, withdrawn_at: at('2026-10-14T10:00:00') };
    expect(p2).toEqual([
      deadlineRow({
        ...a,
        source_event_id: ids.dispA2,
        kind: 'acknowledgement',
        due_at: eod('2026-10-13'),
        missed_event_id: ids.missAck2,
        missed_at: at('2026-10-14T00:05:00'),
        ...returned,
      }),
      deadlineRow({
        ...b,
        source_event_id: ids.dispB2,
        kind: 'acknowledgement',
        due_at: eod('2026-10-15'),
        act_event_id: ids.ackB2,
        act_at: at('2026-10-16T09:00:00'),
        met: false,
      }),
      deadlineRow({ ...a, source_event_id: ids.dispA2, kind: 'response', due_at: eod('2026-10-22'), ...returned }),
      deadlineRow({ ...b, source_event_id: ids.dispB2, kind: 'response', due_at: eod('2026-10-26') }),
    ]);
  });
});

describe('event facts', () => {
  it('one row per counted event, with its local day, department and tracking code', async () => {
    const { events } = await snapshot();
    const p1 = { petition_id: P1, tracking_code: CODE1, department_id: DEPT_A, confidential: false };
    const p2a = { petition_id: P2, tracking_code: CODE2, department_id: DEPT_A, confidential: true };
    const p2b = { petition_id: P2, tracking_code: CODE2, department_id: DEPT_B, confidential: true };
    expect(events).toEqual([
      eventRow({ ...p1, event_id: ids.disp1, type: 'received', at: at('2026-10-09T09:20:00'), local_day: '2026-10-09' }),
      eventRow({ ...p2a, event_id: ids.dispA2, type: 'received', at: at('2026-10-12T10:00:00'), local_day: '2026-10-12' }),
      // 00:05 on the 14th in Shanghai is still the 13th in UTC: the local day is the 14th
      eventRow({
        ...p2a,
        event_id: ids.missAck2,
        type: 'red_light_acknowledgement',
        at: at('2026-10-14T00:05:00'),
        local_day: '2026-10-14',
        due_at: eod('2026-10-13'),
      }),
      eventRow({
        ...p2a,
        event_id: ids.escManual2,
        type: 'escalation_manual',
        at: at('2026-10-14T09:00:00'),
        local_day: '2026-10-14',
        due_at: eod('2026-10-22'),
      }),
      eventRow({ ...p2a, event_id: ids.ret2, type: 'return', at: at('2026-10-14T10:00:00'), local_day: '2026-10-14' }),
      // the escalation of the returned case (no department) is held against no one
      eventRow({ ...p2b, event_id: ids.dispB2, type: 'received', at: at('2026-10-14T15:00:00'), local_day: '2026-10-14' }),
      eventRow({
        ...p1,
        event_id: ids.extReq1,
        type: 'extension_requested',
        at: at('2026-10-15T10:00:00'),
        local_day: '2026-10-15',
        due_at: eod('2026-10-20'),
      }),
      eventRow({
        ...p1,
        event_id: ids.extOk1,
        type: 'extension_approved',
        at: at('2026-10-16T10:00:00'),
        local_day: '2026-10-16',
        due_at: eod('2026-10-27'),
      }),
      eventRow({
        ...p1,
        event_id: ids.resp1,
        type: 'response',
        at: at('2026-10-26T10:00:00'),
        local_day: '2026-10-26',
        due_at: eod('2026-10-27'),
        started_at: at('2026-10-09T09:20:00'),
        on_time: true,
      }),
      eventRow({
        ...p1,
        event_id: ids.rate1,
        type: 'rating',
        at: at('2026-10-27T10:00:00'),
        local_day: '2026-10-27',
        satisfaction: 'unsatisfied',
      }),
      eventRow({
        ...p1,
        event_id: ids.miss1,
        type: 'red_light_response',
        at: at('2026-11-10T00:01:00'),
        local_day: '2026-11-10',
        due_at: eod('2026-11-09'),
      }),
      eventRow({
        ...p1,
        event_id: ids.esc1,
        type: 'escalation_automatic',
        at: at('2026-11-13T09:00:00'),
        local_day: '2026-11-13',
        due_at: eod('2026-11-09'),
      }),
      eventRow({
        ...p1,
        event_id: ids.resp1b,
        type: 'response',
        at: at('2026-11-16T10:00:00'),
        local_day: '2026-11-16',
        due_at: eod('2026-11-09'),
        started_at: at('2026-10-28T10:00:00'),
        on_time: false,
      }),
      eventRow({
        ...p1,
        event_id: ids.rate1b,
        type: 'rating',
        at: at('2026-11-17T10:00:00'),
        local_day: '2026-11-17',
        satisfaction: 'satisfied',
      }),
    ]);
  });

  it('keeps no personal data', async () => {
    const text = JSON.stringify(await snapshot());
    for (const value of Object.values(CITIZEN)) expect(text).not.toContain(value);
    for (const words of ['停水三天', '已处理', '举报内容']) expect(text).not.toContain(words);
  });
});

describe('idempotency', () => {
  it('handle() twice with the same batch changes no row', async () => {
    const before = await snapshot();
    const events = await allEvents();
    await inTransaction(async (c) => {
      await projection.handle(c, events, live);
      await projection.handle(c, events, live);
    });
    expect(await snapshot()).toEqual(before);
  });

  it('a second pass of the projector over the same tables changes no row and no count', async () => {
    const before = await snapshot();
    await db.pool.query(`delete from wz_rm.projection_checkpoints where name = $1`, [projection.name]);
    await project(1);
    expect(await snapshot()).toEqual(before);
    const counts = await db.pool.query(
      `select (select count(*) from ${live[DEADLINE_FACTS]})::int as d, (select count(*) from ${live[EVENT_FACTS]})::int as e`,
    );
    expect(counts.rows[0]).toEqual({ d: 8, e: 14 });
  });

  it('with the per-petition state lost, replaying every event still adds nothing (rows are keyed by event)', async () => {
    const before = await snapshot();
    await inTransaction(async (c) => {
      await c.query(`delete from ${live[PETITION_STATE]}`);
      await projection.handle(c, await allEvents(), live);
    });
    expect(await snapshot()).toEqual(before);
  });

  it('the rows do not depend on how events are cut into batches: one by one into fresh tables gives the same rows', async () => {
    const fresh = rebuildTables(projection);
    await inTransaction(async (c) => {
      for (const t of Object.values(fresh)) await c.query(`drop table if exists ${t}`);
      await projection.createTables(c, fresh);
    });
    for (const event of await allEvents()) await inTransaction((c) => projection.handle(c, [event], fresh));
    const rebuilt = await snapshot(fresh);
    expect(rebuilt).toEqual(await snapshot());
    await inTransaction(async (c) => {
      for (const t of Object.values(fresh)) await c.query(`drop table ${t}`);
    });
  });
});

describe('rebuild', () => {
  it('rebuilding twice swaps in the same rows, with every index in place', async () => {
    const before = await snapshot();
    for (let i = 0; i < 2; i++) {
      const result = await rebuildProjection(projection, { pool: db.pool, store, decode, batchSize: 5 });
      expect(result.swapped).toBe(true);
      expect(await snapshot()).toEqual(before);
    }
    const { rows } = await db.pool.query(
      `select tablename, count(*)::int as n from pg_indexes where schemaname = 'wz_rm' and tablename like 'department_%' group by tablename order by tablename`,
    );
    expect(rows).toEqual([
      { tablename: DEADLINE_DAYS, n: 1 }, // its key
      { tablename: DEADLINE_FACTS, n: 4 }, // primary key, due_at, settled time, not met on time (the report's)
      { tablename: EVENT_DAYS, n: 1 }, // its key
      { tablename: EVENT_FACTS, n: 3 }, // primary key, at, deduction events (the report's)
      { tablename: PETITION_STATE, n: 1 },
    ]);
  });
});

describe('DepartmentPerformanceQuery over the projected rows', () => {
  const reference = {
    calendar: () => new WorkingDayCalendar(),
    department: (id: string) => ({ [DEPT_A]: { name: '鹿城区人民政府' }, [DEPT_B]: { name: '龙湾区人民政府' } })[id],
    departmentName: (id: string) => ({ [DEPT_A]: '鹿城区人民政府', [DEPT_B]: '龙湾区人民政府' })[id],
  } as unknown as ReferenceDataService;
  const query = () => new DepartmentPerformanceQuery(db.pool, reference, DEFAULT_WEIGHTS);
  const OCTOBER = { from: new Date('2026-10-01T00:00:00+08:00'), to: new Date('2026-11-01T00:00:00+08:00') };
  const now = new Date('2026-12-01T00:00:00+08:00');

  it('October, internal (confidential included): figures, deductions and ranking', async () => {
    const { departments } = await query().assess({ ...OCTOBER, now, includeConfidential: true });
    expect(departments.map((d) => [d.name, d.rank, d.score])).toEqual([
      ['鹿城区人民政府', 1, 99],
      ['龙湾区人民政府', 2, 98.5],
    ]);
    const [a, b] = departments;
    expect(a).toMatchObject({
      received: 2, // P1 and P2
      acknowledgement: { met: 1, missed: 1, pending: 0, superseded: 0, withdrawn: 0 }, // P2's was already missed when A returned it
      acknowledgedOnTimeRate: 0.5,
      response: { met: 1, missed: 0, pending: 0, superseded: 1, withdrawn: 1 }, // P1 met its extended deadline; P2's was withdrawn
      respondedOnTimeRate: 1,
      satisfactionRate: 0,
      redLights: { acknowledgement: 1, response: 0, review: 0 },
      escalations: { automatic: 0, manual: 1 },
      extensionsRequested: 1,
      extensionsApproved: 1,
      returns: 1,
      responses: 1,
      // 10-09 → 10-26: Oct 10 (调休上班), 12–16, 19–23, 26 = 12 working days
      averageResponseWorkingDays: 12,
    });
    expect(a.deductions.map((d) => [d.rule, d.evidence, d.eventId, d.trackingCode, d.points])).toEqual([
      ['missed_acknowledgement', 'red_light', ids.missAck2, CODE2, 0.5],
      ['unsatisfied_rating', 'rating', ids.rate1, CODE1, 0.5],
    ]);
    expect(b).toMatchObject({
      received: 1,
      acknowledgement: { met: 0, missed: 1 },
      response: { met: 0, missed: 1 },
      acknowledgedOnTimeRate: 0,
      respondedOnTimeRate: 0,
    });
    expect(b.deductions.map((d) => [d.rule, d.evidence, d.eventId])).toEqual([
      ['missed_acknowledgement', 'late_act', ids.ackB2],
      ['missed_response', 'no_act', ids.dispB2],
    ]);
  });

  it('October, public: confidential cases are left out', async () => {
    const { departments } = await query().assess({ ...OCTOBER, now, includeConfidential: false });
    expect(departments).toHaveLength(1);
    expect(departments[0]).toMatchObject({
      departmentId: DEPT_A,
      received: 1,
      acknowledgedOnTimeRate: 1,
      respondedOnTimeRate: 1,
      satisfactionRate: 0,
      returns: 0,
      score: 99.5,
    });
  });

  it('October seen on 2026-10-21: deadlines not passed yet are pending, later events unknown', async () => {
    const { departments } = await query().assess({ ...OCTOBER, now: new Date('2026-10-21T12:00:00+08:00'), includeConfidential: true });
    const a = departments.find((d) => d.departmentId === DEPT_A);
    // P1's extended deadline (10-27) is pending; the superseded one (10-20) counts nowhere
    expect(a).toMatchObject({
      response: { met: 0, missed: 0, pending: 1, superseded: 1, withdrawn: 1 },
      respondedOnTimeRate: null,
      pending: 1,
      responses: 0,
    });
  });

  it('November: the rework deadline missed and the automatic escalation', async () => {
    const { departments } = await query().assess({
      from: new Date('2026-11-01T00:00:00+08:00'),
      to: new Date('2026-12-01T00:00:00+08:00'),
      now,
      includeConfidential: true,
    });
    expect(departments).toHaveLength(1);
    expect(departments[0]).toMatchObject({
      departmentId: DEPT_A,
      received: 0,
      respondedOnTimeRate: 0,
      satisfactionRate: 1,
      redLights: { acknowledgement: 0, response: 1, review: 0 },
      escalations: { automatic: 1, manual: 0 },
      // 10-28 → 11-16: Oct 29, 30, Nov 2–6, 9–13, 16 = 13
      averageResponseWorkingDays: 13,
      score: 96, // 100 − 1 (missed response) − 3 (automatic escalation)
    });
    expect(departments[0].deductions.map((d) => [d.rule, d.eventId, d.deadlineEventId])).toEqual([
      ['missed_response', ids.miss1, ids.reopen1],
      ['automatic_escalation', ids.esc1, null],
    ]);
  });
});
