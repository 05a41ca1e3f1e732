import { verifyChain } from '@wenzheng/event-store';
import { rebuildProjection } from '@wenzheng/projector';
import { createTestApp, TestApp } from '../setup/app';
import { Tokens, submission, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';
import { PROJECTIONS } from '@wenzheng/read-models';
import { PetitionEventCodec } from '@wenzheng/petition-store';

const CITIZEN = { name: '欧阳娜娜', phone: '13987654321', idNumber: '33030219800101102X', email: 'ouyang.nana@example.com' };
const TEXT = '我是欧阳娜娜，家住鹿城区人民路123号，楼下烧烤店油烟直排，请处理。电话13987654321。';

let t: TestApp;
let tk: Tokens;
beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
});
afterAll(async () => t.close());

async function allReadModelText(): Promise<string> {
  const { rows: tables } = await t.runtime.pool.query(
    `select table_schema, table_name from information_schema.tables where table_schema = 'wz_rm' and table_type = 'BASE TABLE'`,
  );
  let out = '';
  for (const { table_schema, table_name } of tables) {
    const { rows } = await t.runtime.pool.query(`select * from ${table_schema}.${table_name}`);
    out += JSON.stringify(rows);
  }
  return out;
}

describe('crypto-shredding (PIPL erasure)', () => {
  it('stores personal data only encrypted, decrypts for authorised reads, and erases it by deleting the key', async () => {
    const p = (
      await t
        .http()
        .post('/api/petitions')
        .send(submission({ citizen: CITIZEN, content: TEXT, title: '烧烤店油烟扰民' }))
        .expect(201)
    ).body;
    await t.http().post(`/api/petitions/${p.id}/review`).set(bearer(tk.reviewer)).send({ outcome: 'accepted' }).expect(200);

    // the event store never holds the plain personal data
    const { rows: stored } = await t.runtime.pool.query(`select data::text as d from wz_es.events where stream_id = $1`, [
      `petition-${p.id}`,
    ]);
    const raw = stored.map((r: { d: string }) => r.d).join('\n');
    for (const v of Object.values(CITIZEN)) expect(raw).not.toContain(v);
    expect(raw).toContain('aes-256-gcm');

    // an authorised read decrypts
    const before = (await t.http().get(`/api/petitions/${p.id}`).set(bearer(tk.reviewer)).expect(200)).body;
    expect(before.citizen).toMatchObject({ name: CITIZEN.name, phone: CITIZEN.phone });
    expect(before.content).toBe(TEXT);

    await t.waitForProjections();
    const publicBefore = (await t.http().get(`/api/public/petitions/${p.trackingCode}`).expect(200)).body;
    expect(publicBefore.citizen).toBe('欧阳**');

    // erase: admin only, with a reason
    await t
      .http()
      .post(`/api/admin/petitions/${p.id}/erasure`)
      .set(bearer(tk.reviewer))
      .send({ reason: 'PIPL-2026-001 删除请求' })
      .expect(403);
    await t.http().post(`/api/admin/petitions/${p.id}/erasure`).set(bearer(tk.admin)).send({}).expect(400);
    const erased = await t
      .http()
      .post(`/api/admin/petitions/${p.id}/erasure`)
      .set(bearer(tk.admin))
      .send({ reason: 'PIPL-2026-001 删除请求' })
      .expect(200);
    expect(erased.body).toMatchObject({ erased: true, keyDestroyed: true });

    // authorised reads now show the fields as erased and only redacted text
    const after = (await t.http().get(`/api/petitions/${p.id}`).set(bearer(tk.reviewer)).expect(200)).body;
    expect(after.citizen).toEqual({ erased: true });
    const afterText = JSON.stringify(after);
    for (const v of Object.values(CITIZEN)) expect(afterText).not.toContain(v);
    expect(after.history.at(-1).type).toBe('PersonalDataErased');

    // the case still works after erasure
    await t
      .http()
      .post(`/api/petitions/${p.id}/dispatch`)
      .set(bearer(tk.reviewer))
      .send({ departmentId: (await t.http().get('/api/departments')).body.items[0].id })
      .expect(200);

    // append path: the read models show the fields as erased
    await t.waitForProjections();
    const publicAfter = (await t.http().get(`/api/public/petitions/${p.trackingCode}`).expect(200)).body;
    expect(publicAfter.citizen).toBe('[已删除]');
    const models = await allReadModelText();
    for (const v of Object.values(CITIZEN)) expect(models).not.toContain(v);

    // the integrity chain still verifies: the events were never touched
    const recorded = await t.runtime.eventStore.readStream(`petition-${p.id}`);
    expect(verifyChain(`petition-${p.id}`, recorded)).toBeUndefined();

    // rebuild path: replaying from the start gives erased fields too
    const codec = t.app.get(PetitionEventCodec);
    for (const projection of PROJECTIONS) {
      await rebuildProjection(projection, {
        pool: t.runtime.pool,
        store: t.runtime.eventStore,
        decode: async (r) => {
          const e = await codec.decode(r);
          return { type: e.type, data: e.data, recorded: r };
        },
        prefetch: (events) => codec.prefetch(events),
      });
    }
    const rebuilt = (await t.http().get(`/api/public/petitions/${p.trackingCode}`).expect(200)).body;
    expect(rebuilt.citizen).toBe('[已删除]');
    const modelsRebuilt = await allReadModelText();
    for (const v of Object.values(CITIZEN)) expect(modelsRebuilt).not.toContain(v);
  });

  it('an unknown case is 404 and a repeated erasure changes nothing more', async () => {
    await t
      .http()
      .post('/api/admin/petitions/5f1d7c3e-8a40-4b7e-9d5c-0f3a2b1c4d5e/erasure')
      .set(bearer(tk.admin))
      .send({ reason: '测试删除请求' })
      .expect(404);
    const p = (await t.http().post('/api/petitions').send(submission()).expect(201)).body;
    const first = await t
      .http()
      .post(`/api/admin/petitions/${p.id}/erasure`)
      .set(bearer(tk.admin))
      .set('Idempotency-Key', 'erase-1')
      .send({ reason: '测试删除请求' })
      .expect(200);
    // The same request again is answered as the first time; a new request finds the case erased.
    const again = await t
      .http()
      .post(`/api/admin/petitions/${p.id}/erasure`)
      .set(bearer(tk.admin))
      .set('Idempotency-Key', 'erase-1')
      .send({ reason: '测试删除请求' })
      .expect(200);
    expect(again.body).toEqual(first.body);
    const another = await t
      .http()
      .post(`/api/admin/petitions/${p.id}/erasure`)
      .set(bearer(tk.admin))
      .set('Idempotency-Key', 'erase-2')
      .send({ reason: '测试删除请求' })
      .expect(200);
    expect(another.body).toMatchObject({ erased: true, keyDestroyed: false });
    const { rows } = await t.runtime.pool.query(
      `select count(*)::int as n from wz_es.events where stream_id = $1 and type = 'PersonalDataErased'`,
      [`petition-${p.id}`],
    );
    expect(rows[0].n).toBe(1);
  });
});
