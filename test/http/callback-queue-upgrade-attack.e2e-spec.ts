import { rebuildProjection } from '@wenzheng/projector';
import { PetitionViewsProjection, petitionViewTables } from '@wenzheng/read-models';
import { createTestDatabase } from '../setup/database';
import { createTestApp } from '../setup/app';
import { Tokens, submission, tokens } from '../setup/petitions';
import { rebuildOptionsOf } from '../setup/rebuild-options';
import { bearer } from '../setup/tokens';

// attack: cases.personal_data_erased was first added to petition_views version 8 without raising the version. A
// database the 14:03 release built (version 8, rated_by_call_back and no personal_data_erased) was taken as
// current: nothing asked for the rebuild, and the projector's writes named a column the table lacked. The
// column is version 9's now: such a database is named for a rebuild, as every older version is.

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let tk: Tokens;
beforeAll(async () => {
  db = await createTestDatabase('wz_pv8_upgrade');
  tk = await tokens();
});
afterAll(async () => db?.drop());

it('a database the 14:03 release built (version 8: rated_by_call_back, no personal_data_erased) is named for a rebuild, never written into blindly; after it all projects', async () => {
  const first = await createTestApp({}, { databaseUrl: db.url });
  await first.waitForProjections();
  // What that release left: its cases table without the column, its checkpoint at version 8.
  await first.runtime.pool.query(`alter table ${petitionViewTables().cases} drop column personal_data_erased`);
  await first.runtime.pool.query(`update wz_rm.projection_checkpoints set version = 8 where name = 'petition_views'`);
  await first.close();

  const t = await createTestApp({}, { databaseUrl: db.url });
  try {
    const p = (await t.http().post('/api/petitions').send(submission()).expect(201)).body as { id: string };
    const reason = 'projection petition_views is at version 8, the code expects 9: run `npm run rebuild -- petition_views`';
    let health = await t.http().get('/health');
    for (const until = Date.now() + 10_000; health.body.checks.projections.detail === undefined && Date.now() < until;) {
      await new Promise((r) => setTimeout(r, 50));
      health = await t.http().get('/health');
    }
    expect(health.status).toBe(503);
    expect(health.body.checks.projections.detail).toBe(reason);
    const queue = await t.http().get('/api/queues/callbacks').set(bearer(tk.reviewer)).expect(503);
    expect(queue.body.message).toContain('npm run rebuild -- petition_views');

    await rebuildProjection(new PetitionViewsProjection(), rebuildOptionsOf(t, 50));
    await t.waitForProjections();
    const found = await t.http().get('/api/cases').query({ q: '停水' }).set(bearer(tk.reviewer)).expect(200);
    expect((found.body.items as { id: string }[]).some((i) => i.id === p.id)).toBe(true);
    await t.http().get('/api/queues/callbacks').set(bearer(tk.reviewer)).expect(200);
  } finally {
    await t.close();
  }
}, 90_000);
