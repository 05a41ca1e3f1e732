import { SearchTermsTables1795697700000 } from '../../libs/read-models/src/migrations/1795697700000-search-terms-tables';
import { createTestApp, TestApp } from '../setup/app';
import { waitForEveryEvent } from '../setup/clock';
import { indexBodies } from '../setup/migrations';
import { DEPT_A, DEPT_B, Tokens, submit, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// An install of the release before has GIN indexes over the words of cases and public_petitions
// (their `search` column). Migration 1795697700000 copies the words to case_terms and public_terms
// and moves the GIN indexes there, as a fresh install's projection makes them: the same words,
// departments and indexes, the rows' words kept unindexed, and the search routes answering as before; running it twice changes
// nothing, down gives the release before's tables back, and events after it write the new tables.

jest.setTimeout(120_000);

let t: TestApp;
let tk: Tokens;
const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);
/** One step in a transaction of its own, as TypeORM runs a migration (transaction: 'each'). */
async function run(step: 'up' | 'down'): Promise<void> {
  const runner = t.runtime.dataSource.createQueryRunner();
  await runner.startTransaction();
  try {
    await new SearchTermsTables1795697700000()[step](runner);
    await runner.commitTransaction();
  } catch (e) {
    await runner.rollbackTransaction();
    throw e;
  } finally {
    await runner.release();
  }
}
async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}
const q = (sql: string, values: unknown[] = []) => t.runtime.pool.query(sql, values).then((r) => r.rows);
const columns = async (table: string) =>
  (await q(`select column_name from information_schema.columns where table_schema = 'wz_rm' and table_name = $1 order by 1`, [table])).map(
    (r) => r.column_name as string,
  );
/** GIN indexes of cases and public_petitions over their words. */
const rowsGin = async () =>
  (
    await q(
      `select indexdef from pg_indexes where schemaname = 'wz_rm' and tablename in ('cases', 'public_petitions') and indexdef like '% USING gin %search%'`,
    )
  ).map((r) => r.indexdef as string);
const exists = async (table: string) => (await q(`select to_regclass($1) is not null as e`, [`wz_rm.${table}`]))[0].e as boolean;
/** Each terms table's rows without the revision (the migration copies the row's own), and every index of the four tables. */
async function state() {
  return {
    caseTerms: await q(`select petition_id, department_id, dispatched_department_ids, search::text from wz_rm.case_terms order by 1`),
    publicTerms: await q(`select petition_id, department_id, submitted_at, search::text from wz_rm.public_terms order by 1`),
    indexes: Object.fromEntries(
      await Promise.all(
        ['cases', 'public_petitions', 'case_terms', 'public_terms'].map(async (n) => [n, await indexBodies(t.runtime.pool, `wz_rm.${n}`)]),
      ),
    ),
  };
}
const ids = (body: { items: Array<{ id: string }> }) => body.items.map((i) => i.id).sort();
/** The public listing names a case by its tracking code. */
const codes = (body: { items: Array<{ trackingCode: string }> }) => body.items.map((i) => i.trackingCode).sort();
async function searches() {
  return {
    public: codes((await t.http().get('/api/public/petitions').query({ q: '停水' }).expect(200)).body),
    publicInDepartment: codes((await t.http().get('/api/public/petitions').query({ q: '停水', departmentId: DEPT_B }).expect(200)).body),
    staff: ids((await t.http().get('/api/cases').query({ q: '停水' }).set(bearer(tk.reviewer)).expect(200)).body),
    // A handler of A finds the case it returned too (dispatched to it once).
    handlerA: ids((await t.http().get('/api/cases').query({ q: '停水' }).set(bearer(tk.handlerA)).expect(200)).body),
    handlerB: ids((await t.http().get('/api/cases').query({ q: '路灯' }).set(bearer(tk.handlerB)).expect(200)).body),
  };
}

let water: { id: string; trackingCode: string };
let moved: { id: string; trackingCode: string };
beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  water = await submit(t);
  await post(`/api/petitions/${water.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
  await post(`/api/petitions/${water.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
  await post(`/api/petitions/${water.id}/acknowledge`, tk.handlerA).expect(200);
  moved = await submit(t, { title: '路灯不亮也停水', content: '学院路路灯一周不亮，小区停水。' });
  await post(`/api/petitions/${moved.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
  await post(`/api/petitions/${moved.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
  await post(`/api/petitions/${moved.id}/return`, tk.handlerA, { reason: '不属于本单位职责范围' }).expect(200);
  await post(`/api/petitions/${moved.id}/dispatch`, tk.reviewer, { departmentId: DEPT_B }).expect(200);
  await submit(t, { title: '夜间施工噪音扰民', content: '工地每晚11点后仍在施工。', publicConsent: false });
  await waitForEveryEvent(t.app, t.runtime.pool);
});
afterAll(async () => t?.close());

describe('migration 1795697700000 (the words in tables of their own)', () => {
  it('moves the words of the release before into case_terms and public_terms, the same as a fresh install, once; down gives them back', async () => {
    const fresh = await state();
    const found = await searches();
    expect(found.public).toEqual([moved.trackingCode, water.trackingCode].sort());
    expect(found.publicInDepartment).toEqual([moved.trackingCode]);
    expect(found.staff).toHaveLength(2);
    expect(found.handlerA).toEqual([moved.id, water.id].sort());
    expect(found.handlerB).toEqual([moved.id]);
    expect(fresh.caseTerms).toHaveLength(3);
    expect(fresh.publicTerms).toHaveLength(2);
    // The rows keep their words for the window, with no GIN index over them.
    expect(await columns('cases')).toContain('search');
    expect(await rowsGin()).toEqual([]);

    // The release before: the GIN indexes over the rows' words, no terms tables.
    await run('down');
    await run('down');
    expect(await exists('case_terms')).toBe(false);
    expect(await exists('public_terms')).toBe(false);
    const before = await indexBodies(t.runtime.pool, 'wz_rm.cases');
    expect(before).toContain('USING gin (dispatched_department_ids, search)');
    expect((await indexBodies(t.runtime.pool, 'wz_rm.public_petitions')).filter((i) => i.includes('search'))).toHaveLength(1);
    expect((await q(`select count(*)::int as n from wz_rm.cases where search is null`))[0].n).toBe(0);

    await run('up');
    await run('up');
    expect(await state()).toEqual(fresh);
    expect(await rowsGin()).toEqual([]);
    expect(await searches()).toEqual(found);
  });

  it('after it, an answer writes the terms table and the search finds its words', async () => {
    await post(`/api/petitions/${water.id}/respond`, tk.handlerA, { answer: '已协调水务集团恢复供水。' }).expect(200);
    await waitForEveryEvent(t.app, t.runtime.pool);
    const publicSearch = (words: string) => t.http().get('/api/public/petitions').query({ q: words }).expect(200);
    expect(codes((await publicSearch('供水')).body)).toEqual([water.trackingCode]);
    const [terms] = await q(`select last_revision from wz_rm.public_terms where petition_id = $1`, [water.id]);
    const [row] = await q(`select last_revision from wz_rm.public_petitions where petition_id = $1`, [water.id]);
    expect(terms.last_revision).toBe(row.last_revision); // the answer is the row's last event
  });

  it('a batch of the release before, open when it starts, keeps its words: the copy waits for it and holds the next ones', async () => {
    await run('down');
    const batch = await t.runtime.pool.connect();
    try {
      await batch.query('begin');
      await batch.query(
        `insert into wz_rm.cases (petition_id, tracking_code, status, kind, channel, confidential, public_consent, submitted_at,
           pending_extension, escalation_level, reopen_count, comment_count, last_revision, title, dispatched_department_ids, overdue, search)
         values ('race-1', 'WZ20260101-0000000001', 'submitted', 'complaint', 'web', false, false, now(), false, 0, 0, 0, 0, '停水',
           '{}', false, $1::tsvector)`,
        ["'停水'"],
      );
      const up = run('up');
      // It waits for the batch before it copies anything.
      await waitFor(
        async () =>
          (
            await q(
              `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%lock table wz_rm.cases%'`,
            )
          )[0].n === 1,
      );
      await batch.query('commit');
      await up;
    } finally {
      batch.release();
    }
    expect(await q(`select search::text from wz_rm.case_terms where petition_id = 'race-1'`)).toEqual([{ search: "'停水'" }]);
    await q(`delete from wz_rm.case_terms where petition_id = 'race-1'`);
    await q(`delete from wz_rm.cases where petition_id = 'race-1'`);
  });

  it('a terms table left from before (empty here) is made again from the rows that still hold the words', async () => {
    const fresh = await state();
    await run('down');
    await q(`create table wz_rm.case_terms (like wz_rm.cases)`); // a stale leftover, nothing in it
    await run('up');
    expect(await state()).toEqual(fresh);
  });
});
