import { buffer as drain } from 'node:stream/consumers';
import { liveTables } from '@wenzheng/projector';
import {
  AssessmentReportQuery,
  DEADLINE_FACTS,
  ReportLocalTimes1795697400000,
  EVENT_FACTS,
  ReportOptions,
  ReportSession,
  departmentPerformanceProjection,
} from '@wenzheng/read-models';
import { toLocalIso } from '@wenzheng/calendar';
import { NO_TIMERS } from '../../apps/bench/src/harness/runtime';
import { REPORT_PROFILE, fillReportFacts } from '../../apps/bench/src/steps/report-scale';
import { csvOf, renderedDeductionsCsv } from '../../apps/api/src/reports/assessment-report/assessment-report.csv';
import { renderedJsonChunks, reportJsonChunks } from '../../apps/api/src/reports/assessment-report/assessment-report.view';
import { TestApp, createTestApp } from '../setup/app';
import { indexBodies, runMigration } from '../setup/migrations';

// Attack (issue 15, the report's local times written with the facts as generated columns): the
// rendered report reads due_local / at_local where it called to_char per deduction. Its bytes
// must stay those of the object path (toLocalIso of the instant the pg driver reads) on the
// instants that could tell them apart: local midnight exactly (".000"), a microsecond before it
// and half a millisecond before it (truncated to .999, not rounded into the next day, month or
// year), 999 µs after it (.000), the leap day, and the local year's first and last instants of a
// leap year. The instants are moved there by UPDATE after the facts were inserted, so the columns
// must follow every change of the instants they render (act and missed too), not only inserts.

jest.setTimeout(180_000);

const tables = liveTables(departmentPerformanceProjection);
const at = (local: string) => new Date(`${local}+08:00`);
const year: ReportOptions = {
  from: at('2024-01-01T00:00:00'),
  to: at('2025-01-01T00:00:00'),
  now: at('2025-03-01T00:00:00'),
  includeConfidential: true,
};
const days = { from: '2024-01-01', to: '2025-01-01' };

/** Offsets from a local midnight, in microseconds: exactly, 1 µs and 0.5 ms before, 999 µs after. */
const OFFSETS = [0, -1, -500, 999];

describe('attack: local times written with the facts, at the instants that could tell them from toLocalIso', () => {
  let t: TestApp;
  let reports: AssessmentReportQuery;

  /** The generated local-time columns of a fact table (schema.name), sorted. */
  const localColumns = async (table: string) =>
    (
      await t.runtime.pool.query<{ column_name: string }>(
        `select column_name from information_schema.columns where table_schema = $1 and table_name = $2 and column_name like '%\\_local' order by 1`,
        table.split('.'),
      )
    ).rows.map((r) => r.column_name);

  beforeAll(async () => {
    t = await createTestApp({ PROJECTOR_ENABLED: 'false', ...NO_TIMERS });
    await fillReportFacts(t.runtime.pool, { cases: 1500, year: 2024, profile: REPORT_PROFILE });
    const pool = t.runtime.pool;
    // Each fact moved by the same delta (its outcome kept): its main instant onto its local
    // midnight plus one of OFFSETS. The local midnight of an instant in SQL, without the session's zone.
    const midnight = (c: string) =>
      `((date_trunc('day', (${c} at time zone 'UTC') + interval '8 hours') - interval '8 hours') at time zone 'UTC')`;
    const delta = (c: string) =>
      `(${midnight(c)} + (array[${OFFSETS.join(', ')}])[1 + abs(hashtext(ctid::text)) % ${OFFSETS.length}] * interval '1 microsecond' - ${c})`;
    const moved = (columns: string[], by: string) => columns.map((c) => `${c} = ${c} + ${by}`).join(', ');
    await pool.query(
      `update ${tables[DEADLINE_FACTS]} set ${moved(['due_at', 'set_at', 'act_at', 'missed_at', 'superseded_at', 'withdrawn_at'], delta('due_at'))}`,
    );
    await pool.query(`update ${tables[EVENT_FACTS]} set ${moved(['at', 'due_at', 'started_at'], delta('at'))}`);
    // The local year's first and last instants (the last 1 µs before the next year: .999).
    await pool.query(
      `update ${tables[EVENT_FACTS]} set at = (array['2023-12-31T16:00:00Z', '2024-12-31T15:59:59.999999Z']::timestamptz[])[1 + (abs(hashtext(ctid::text)) % 2)]
        where ctid in (select ctid from ${tables[EVENT_FACTS]} where type = 'escalation_automatic' order by event_id limit 6)`,
    );
    // One missed deadline with a red light moved (all its instants) onto the leap day's first instant.
    const all = ['due_at', 'set_at', 'act_at', 'missed_at', 'superseded_at', 'withdrawn_at'];
    await pool.query(
      `update ${tables[DEADLINE_FACTS]} set ${moved(all, `('2024-02-28T16:00:00Z'::timestamptz - due_at)`)}
        where ctid = (select ctid from ${tables[DEADLINE_FACTS]} where missed_event_id is not null and act_event_id is null
                       and superseded_at is null and withdrawn_at is null and due_at >= $1 and due_at < $2 order by source_event_id limit 1)`,
      [year.from, year.to],
    );
    await pool.query(`vacuum analyze ${tables[DEADLINE_FACTS]}, ${tables[EVENT_FACTS]}`);
    reports = t.app.get(AssessmentReportQuery, { strict: false });
  });

  afterAll(async () => t?.close());

  async function both(render: (s: ReportSession, objects: boolean) => AsyncIterable<Buffer>) {
    const read = async (objects: boolean) => {
      const session = await reports.open(year);
      try {
        return await drain(render(session, objects));
      } finally {
        await session.close();
      }
    };
    return { objects: await read(true), rendered: await read(false) };
  }

  it('every local column equals toLocalIso of its instant (without the offset) after the updates', async () => {
    const pool = t.runtime.pool;
    const { rows: deadlines } = await pool.query<Record<string, Date | string | null>>(
      `select due_at, act_at, missed_at, due_local, act_local, missed_local from ${tables[DEADLINE_FACTS]}`,
    );
    const { rows: events } = await pool.query<Record<string, Date | string | null>>(
      `select at, due_at, at_local, due_local from ${tables[EVENT_FACTS]}`,
    );
    const wrong: string[] = [];
    const check = (rows: Record<string, Date | string | null>[], pairs: [string, string][]) => {
      for (const r of rows)
        for (const [instant, local] of pairs) {
          const d = r[instant] as Date | null;
          const expected = d === null ? null : toLocalIso(d).replace('+08:00', '');
          if (r[local] !== expected) wrong.push(`${instant} ${d?.toISOString()}: ${String(r[local])} != ${expected}`);
        }
    };
    check(deadlines, [
      ['due_at', 'due_local'],
      ['act_at', 'act_local'],
      ['missed_at', 'missed_local'],
    ]);
    check(events, [
      ['at', 'at_local'],
      ['due_at', 'due_local'],
    ]);
    expect(wrong).toEqual([]);
    expect(deadlines.length).toBeGreaterThan(1000);
    // The truncation is there to be seen: rows at .999 and at .000 of a local midnight.
    const locals = deadlines.map((r) => r.due_local as string);
    expect(locals.some((l) => l.endsWith('T23:59:59.999'))).toBe(true);
    expect(locals.some((l) => l.endsWith('T00:00:00.000'))).toBe(true);
  });

  it('the rendered JSON is byte for byte the object path, and holds the boundary instants', async () => {
    const { objects, rendered } = await both((s, objects) =>
      objects ? reportJsonChunks(s.figures, s.deductions(), days) : renderedJsonChunks(s, days),
    );
    expect(rendered.equals(objects)).toBe(true);
    const text = rendered.toString('utf8');
    expect(text).toContain('"at":"2024-01-01T00:00:00.000+08:00"');
    expect(text).toContain('"at":"2024-12-31T23:59:59.999+08:00"');
    expect(text).toContain('"dueAt":"2024-02-29T00:00:00.000+08:00"');
    expect(text).toMatch(/"dueAt":"\d{4}-\d\d-\d\dT23:59:59\.999\+08:00"/);
    expect(text).not.toMatch(/T24:|\.1000/);
  });

  it('the rendered deductions CSV is byte for byte the object path', async () => {
    const { objects, rendered } = await both((s, objects) =>
      objects ? csvOf({ figures: s.figures, deductions: () => s.deductions() }, 'deductions') : renderedDeductionsCsv(s),
    );
    expect(rendered.length).toBeGreaterThan(10_000);
    expect(rendered.equals(objects)).toBe(true);
  });

  it('a deadline whose act is written later by the upsert (coalesce of the act) renders the new act time', async () => {
    const pool = t.runtime.pool;
    const table = tables[DEADLINE_FACTS];
    // One missed deadline of the year without an act: the projection's merge writes its act later.
    const { rows } = await pool.query<{ source_event_id: string; kind: string; department_id: string; due_at: Date }>(
      `select source_event_id, kind, department_id, due_at from ${table}
        where act_event_id is null and missed_event_id is null and superseded_at is null and withdrawn_at is null and due_at >= $1 and due_at < $2 and met is not true order by source_event_id limit 1`,
      [year.from, year.to],
    );
    expect(rows).toHaveLength(1);
    const [r] = rows;
    const actAt = new Date(r.due_at.getTime() + 3_600_000 + 0.25); // an hour late
    await pool.query(
      `insert into ${table} as t (source_event_id, kind, petition_id, tracking_code, department_id, confidential, due_at, set_at, act_event_id, act_at)
       select source_event_id, kind, petition_id, tracking_code, department_id, confidential, due_at, set_at, gen_random_uuid(), $4::timestamptz + interval '321 microseconds'
         from ${table} where source_event_id = $1 and kind = $2 and department_id = $3
       on conflict (source_event_id, kind, department_id) do update set
         act_event_id = coalesce(t.act_event_id, excluded.act_event_id), act_at = coalesce(t.act_at, excluded.act_at)`,
      [r.source_event_id, r.kind, r.department_id, actAt],
    );
    const { rows: after } = await pool.query<{ act_at: Date; act_local: string }>(
      `select act_at, act_local from ${table} where source_event_id = $1 and kind = $2 and department_id = $3`,
      [r.source_event_id, r.kind, r.department_id],
    );
    expect(`${after[0].act_local}+08:00`).toBe(toLocalIso(after[0].act_at));
    expect(after[0].act_local).toBe(toLocalIso(new Date(r.due_at.getTime() + 3_600_000)).replace('+08:00', ''));
    const { objects, rendered } = await both((s, objects) =>
      objects ? reportJsonChunks(s.figures, s.deductions(), days) : renderedJsonChunks(s, days),
    );
    expect(rendered.equals(objects)).toBe(true);
    expect(rendered.toString('utf8')).toContain(`"at":"${after[0].act_local}+08:00"`);
  });

  it('the migration from the release before, while facts are written at the same time, leaves every row with its local times; it is a no-op without the live tables', async () => {
    const pool = t.runtime.pool;
    const deadlines = tables[DEADLINE_FACTS];
    const events = tables[EVENT_FACTS];
    const step = (s: 'up' | 'down') => runMigration(t.runtime.dataSource, new ReportLocalTimes1795697400000(), s);
    const fresh = await indexBodies(pool, deadlines);
    await step('down');
    // A writer like the projector's: deadlines, then events, one transaction each, with microseconds.
    let stop = false;
    let written = 0;
    const writer = (async () => {
      while (!stop) {
        const c = await pool.connect();
        try {
          await c.query('begin');
          const id = `00000000-0000-4000-8111-${String(written).padStart(12, '0')}`;
          const due = `2024-02-28T15:59:59.${String(999_000 + (written % 1000)).padStart(6, '0')}Z`;
          await c.query(
            `insert into ${deadlines} (source_event_id, kind, petition_id, tracking_code, department_id, confidential, due_at, set_at, missed_event_id, missed_at)
             values ($1, 'response', $1, null, 'concurrent', false, $2, $2, $1, $2::timestamptz + interval '1 minute')`,
            [id, due],
          );
          await c.query(
            `insert into ${events} (event_id, type, petition_id, tracking_code, department_id, confidential, at, local_day, due_at)
             values ($1, 'escalation_automatic', $1, null, 'concurrent', false, $2, '2024-02-29', $2)`,
            [id, due],
          );
          await c.query('commit');
          written++;
        } catch (e) {
          await c.query('rollback');
          throw e;
        } finally {
          c.release();
        }
      }
    })();
    try {
      while (written < 5) await new Promise((r) => setImmediate(r));
      await step('up');
      const after = written;
      while (written < after + 5) await new Promise((r) => setImmediate(r));
    } finally {
      stop = true;
      await writer;
    }
    const { rows } = await pool.query<{ due_at: Date; due_local: string; missed_local: string; missed_at: Date }>(
      `select due_at, due_local, missed_at, missed_local from ${deadlines} where department_id = 'concurrent'`,
    );
    const { rows: facts } = await pool.query<{ at: Date; at_local: string; due_local: string }>(
      `select at, at_local, due_local from ${events} where department_id = 'concurrent'`,
    );
    expect(rows).toHaveLength(written);
    expect(facts).toHaveLength(written);
    for (const r of rows) {
      expect(r.due_local).toBe('2024-02-28T23:59:59.999');
      expect(`${r.missed_local}+08:00`).toBe(toLocalIso(r.missed_at));
    }
    for (const r of facts) expect([r.at_local, r.due_local]).toEqual(['2024-02-28T23:59:59.999', '2024-02-28T23:59:59.999']);
    expect(await indexBodies(pool, deadlines)).toEqual(fresh);

    // The live tables absent (renamed away, as before the projector first made them): up and down change nothing and do not fail.
    const away = (table: string) => `${table}_away`;
    for (const table of [deadlines, events]) await pool.query(`alter table ${table} rename to ${away(table).split('.')[1]}`);
    try {
      await step('down');
      await step('up');
    } finally {
      for (const table of [deadlines, events]) await pool.query(`alter table ${away(table)} rename to ${table.split('.')[1]}`);
    }
    expect(await indexBodies(pool, deadlines)).toEqual(fresh);
    expect(await localColumns(deadlines)).toEqual(['act_local', 'due_local', 'missed_local']);
    expect(await localColumns(events)).toEqual(['at_local', 'due_local']);
    await pool.query(`delete from ${deadlines} where department_id = 'concurrent'`);
    await pool.query(`delete from ${events} where department_id = 'concurrent'`);
  });

  it("the migration replaces wz_local_iso under the functions' lock, as the tables' ensuring does (two replacements at once fail)", async () => {
    const pool = t.runtime.pool;
    const step = (s: 'up' | 'down') => runMigration(t.runtime.dataSource, new ReportLocalTimes1795697400000(), s);
    await step('down');
    // Another process ensuring the tables holds the lock (oneReplaceAtATime): the migration must wait for it.
    const holder = await pool.connect();
    let up: Promise<void> | undefined;
    let settled = false;
    try {
      await holder.query('begin');
      await holder.query(`select pg_advisory_xact_lock(hashtext('wz_rm:functions'))`);
      up = step('up').finally(() => (settled = true));
      up.catch(() => undefined);
      const waiting = async () =>
        (
          await pool.query<{ n: number }>(
            `select count(*)::int as n from pg_locks
              where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`,
          )
        ).rows[0].n;
      const deadline = Date.now() + 20_000;
      while (!settled && (await waiting()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(settled).toBe(false); // it did not run its replacement past the lock
      expect(await waiting()).toBe(1);
    } finally {
      await holder.query('commit').catch(() => undefined);
      holder.release();
    }
    await up;
    const { rows } = await pool.query<{ lang: string }>(
      `select l.lanname as lang from pg_proc p join pg_language l on l.oid = p.prolang where p.oid = 'wz_rm.wz_local_iso(timestamptz)'::regprocedure`,
    );
    expect(rows).toEqual([{ lang: 'plpgsql' }]);
    expect(await localColumns(tables[DEADLINE_FACTS])).toEqual(['act_local', 'due_local', 'missed_local']);
  });
});
