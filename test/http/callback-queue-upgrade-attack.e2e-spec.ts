import { petitionViewTables } from '@wenzheng/read-models';
import { createTestDatabase } from '../setup/database';
import { createTestApp } from '../setup/app';
import { Tokens, submission, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// attack: cases.personal_data_erased was added to petition_views version 8 without raising the version. A
// database the 14:03 release built (version 8, rated_by_call_back and no personal_data_erased) is taken as
// current: nothing asks for the rebuild, and the projector's writes name a column the table lacks.

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let tk: Tokens;
beforeAll(async () => {
  db = await createTestDatabase('wz_pv8_upgrade');
  tk = await tokens();
});
afterAll(async () => db?.drop());

it('a version-8 cases table without personal_data_erased is rebuilt or named, not written into blindly', async () => {
  const first = await createTestApp({}, { databaseUrl: db.url });
  await first.waitForProjections();
  await first.runtime.pool.query(`alter table ${petitionViewTables().cases} drop column personal_data_erased`);
  await first.close();

  const t = await createTestApp({}, { databaseUrl: db.url });
  try {
    const p = (await t.http().post('/api/petitions').send(submission()).expect(201)).body as { id: string };
    const projected = await t.waitForProjections(8_000).then(
      () => 'projected',
      (e: Error) => `not projected: ${e.message.slice(0, 200)}`,
    );
    const found = await t.http().get('/api/cases').query({ q: '停水' }).set(bearer(tk.reviewer));
    const queue = await t.http().get('/api/queues/callbacks').set(bearer(tk.reviewer));
    expect({
      projected,
      found: (found.body.items ?? []).some((i: { id: string }) => i.id === p.id),
      queue: queue.status,
    }).toEqual({ projected: 'projected', found: true, queue: 200 });
  } finally {
    await t.close();
  }
}, 90_000);
