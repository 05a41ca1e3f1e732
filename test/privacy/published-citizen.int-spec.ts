import { PetitionEvent } from '@wenzheng/petition';
import type { RecordedEvent } from '@wenzheng/event-store';
import { PetitionEventCodec, PhoneBlindIndex, SubjectKeyStore, citizenNamesIn, subjectOf } from '@wenzheng/petition-store';
import { maskName } from '@wenzheng/redaction';
import { generateCase } from '../../apps/bench/src/generator';
import { Pool } from 'pg';
import { createTestDatabase, testAdminUrl } from '../setup/database';

// What a projection or a rebuild shows of a submission's citizen (the name as surname plus *, the
// phone's blind index) is kept beside the case's key when the case is submitted, so a read as
// published never decrypts (issue 15, item 5), and it goes with the key on erasure (security.md,
// "Erasure is complete"). A case submitted before, or under another secret or mask rule, is read
// from its sealed block as it always was.

type Submitted = PetitionEvent & { type: 'PetitionSubmitted' };
type Stored = { type: string; data: unknown };

const SECRET = 'published-citizen-spec-secret';

describe('the published citizen kept beside the key', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const index = new PhoneBlindIndex(SECRET);

  beforeAll(async () => {
    db = await createTestDatabase('wz_published_citizen');
  });
  afterAll(async () => db.drop());

  /** A generated case's submission, under its own petition id. */
  function submission(n: number): { petitionId: string; event: Submitted } {
    const c = generateCase(n);
    const event = c.steps.flatMap((s) => s.produced).find((e): e is Submitted => e.type === 'PetitionSubmitted');
    if (!event?.data.citizen) throw new Error('the generator made a case without a citizen');
    return { petitionId: c.petitionId, event };
  }

  const keptRow = async (petitionId: string) =>
    (
      await db.pool.query<{ key: Buffer | null; published: Record<string, unknown> | null; text: string | null }>(
        'select key, published, published::text as text from wz_keys.subject_keys where subject_id = $1',
        [subjectOf(petitionId)],
      )
    ).rows[0];

  /** The stored form with its sealed block's ciphertext replaced: opening it fails its authentication. */
  const corrupted = (stored: Stored): Stored => {
    const data = stored.data as { personal: Record<string, string> };
    const bytes = Buffer.from(data.personal.data, 'base64');
    bytes[0] ^= 0xff;
    return { type: stored.type, data: { ...data, personal: { ...data.personal, data: bytes.toString('base64') } } };
  };

  const citizenOf = (e: PetitionEvent) => (e.data as { citizen?: Record<string, unknown> }).citizen;

  it('keeps the display and the phone index, never the name or the number, and reads them without opening the sealed block', async () => {
    const { petitionId, event } = submission(1);
    const { name, phone } = event.data.citizen as { name: string; phone: string };
    const codec = new PetitionEventCodec(new SubjectKeyStore(db.pool), index);
    const stored = await codec.encode(event, petitionId);

    const row = await keptRow(petitionId);
    expect(row.published).toEqual(expect.objectContaining({ display: maskName(name), phoneIndex: index.of(phone) }));
    expect(row.text).not.toContain(name);
    expect(row.text).not.toContain(phone);
    expect(JSON.stringify(stored.data)).not.toContain(name); // the log holds it sealed only, as before

    // a fresh codec (a rebuild's) on the tampered event: a full decode fails, the published read does not need to open it
    const fresh = new PetitionEventCodec(new SubjectKeyStore(db.pool), index);
    await expect(fresh.decode(corrupted(stored))).rejects.toThrow();
    const published = await fresh.decodePublished(corrupted(stored));
    expect(citizenOf(published)).toEqual({ display: maskName(name), phoneIndex: index.of(phone) });
    expect(JSON.stringify(published)).not.toContain(phone);
    expect(published.data).toEqual(expect.objectContaining({ title: expect.any(String), trackingCode: event.data.trackingCode }));
  });

  it('reads a case kept under another secret from its sealed block, with the index of the secret in use', async () => {
    const { petitionId, event } = submission(2);
    const { name, phone } = event.data.citizen as { name: string; phone: string };
    const stored = await new PetitionEventCodec(new SubjectKeyStore(db.pool), index).encode(event, petitionId);

    const rotated = new PhoneBlindIndex(`${SECRET}-rotated`);
    const after = new PetitionEventCodec(new SubjectKeyStore(db.pool), rotated);
    await expect(after.decodePublished(corrupted(stored))).rejects.toThrow(); // it has to open it now
    const published = await after.decodePublished(stored);
    expect(citizenOf(published)).toEqual({ display: maskName(name), phoneIndex: rotated.of(phone) });
    expect(rotated.of(phone)).not.toBe(index.of(phone));
  });

  it('reads a case submitted before anything was kept (a codec without the index wrote it) from its sealed block', async () => {
    const { petitionId, event } = submission(3);
    const { name, phone } = event.data.citizen as { name: string; phone: string };
    const stored = await new PetitionEventCodec(new SubjectKeyStore(db.pool)).encode(event, petitionId);
    expect((await keptRow(petitionId)).published).toBeNull();

    const published = await new PetitionEventCodec(new SubjectKeyStore(db.pool), index).decodePublished(stored);
    // as the kept path gives it: the name as shown and the index, never the name or the number
    expect(citizenOf(published)).toEqual({ display: maskName(name), phoneIndex: index.of(phone) });
  });

  it('never takes what was kept for a submission that was not appended (a lost race for the same id) for the one that was', async () => {
    const { petitionId, event } = submission(6);
    const { name, phone } = event.data.citizen as { name: string; phone: string };
    const codec = () => new PetitionEventCodec(new SubjectKeyStore(db.pool), index);
    const appended = await codec().encode(event, petitionId);
    // the loser of the race encodes after the winner (its citizen kept last), and its append is refused
    const loser = { ...event, data: { ...event.data, citizen: { name: '赵钱孙', phone: '13900001111' } } } as Submitted;
    await codec().encode(loser, petitionId);
    expect((await keptRow(petitionId)).published).toEqual(expect.objectContaining({ display: '赵**' }));

    await expect(codec().decodePublished(corrupted(appended))).rejects.toThrow(); // not taken: the block is opened
    expect(citizenOf(await codec().decodePublished(appended))).toEqual({ display: maskName(name), phoneIndex: index.of(phone) });
  });

  it("never reads another case's kept citizen for a block that names that case's subject", async () => {
    const a = submission(7);
    const b = submission(8);
    const codec = () => new PetitionEventCodec(new SubjectKeyStore(db.pool), index);
    const storedA = await codec().encode(a.event, a.petitionId);
    await codec().encode(b.event, b.petitionId);
    const data = storedA.data as { personal: Record<string, string> };
    const foreign = { type: storedA.type, data: { ...data, personal: { ...data.personal, subject: subjectOf(b.petitionId) } } };
    // opened instead, under b's key with a's id as its authenticated data: it fails, as it always did
    await expect(codec().decodePublished(foreign)).rejects.toThrow();
  });

  it('publishes a sealed citizen by its name only: a display beside the name in the block is not taken', async () => {
    const { petitionId, event } = submission(9);
    const { name, phone } = event.data.citizen as { name: string; phone: string };
    const planted = { ...event, data: { ...event.data, citizen: { name, phone, display: `${name} ${phone}` } } } as unknown as Submitted;
    const stored = await new PetitionEventCodec(new SubjectKeyStore(db.pool)).encode(planted, petitionId); // nothing kept
    const published = await new PetitionEventCodec(new SubjectKeyStore(db.pool), index).decodePublished(stored);
    expect(citizenOf(published)).toEqual({ display: maskName(name), phoneIndex: index.of(phone) });
  });

  it('destroys what is kept with the key: an erased case reads as erased, in the codec that kept it and in a fresh one', async () => {
    const { petitionId, event } = submission(4);
    const keys = new SubjectKeyStore(db.pool);
    const codec = new PetitionEventCodec(keys, index);
    const stored = await codec.encode(event, petitionId);
    expect(citizenOf(await codec.decodePublished(stored))).toEqual(expect.objectContaining({ display: expect.any(String) }));

    expect(await keys.erase(subjectOf(petitionId), 'spec', 'PIPL request')).toBe(true);
    const row = await keptRow(petitionId);
    expect(row.key).toBeNull();
    expect(row.published).toBeNull();
    for (const c of [codec, new PetitionEventCodec(new SubjectKeyStore(db.pool), index)]) {
      const published = await c.decodePublished(stored);
      expect(citizenOf(published)).toEqual({ name: '', phone: '', erased: true });
    }
    // and nothing is kept again for it: a later write under the erased subject leaves the column empty
    await new SubjectKeyStore(db.pool).liveKey(subjectOf(petitionId), { rules: 'x', display: '王*' });
    expect((await keptRow(petitionId)).published).toBeNull();
  });

  it('clears what a key destroyed by a build before the column left beside it: on erasure, and at the next start', async () => {
    const keys = new SubjectKeyStore(db.pool);
    for (const s of ['petition:old-build-1', 'petition:old-build-2']) {
      await keys.keyFor(s, { rules: 'r', display: '钱*' });
      await db.pool.query('update wz_keys.subject_keys set key = null, erased_at = now() where subject_id = $1', [s]); // as that build erased
    }
    const kept = async (s: string) =>
      (await db.pool.query<{ published: unknown }>('select published from wz_keys.subject_keys where subject_id = $1', [s])).rows[0]
        .published;
    expect(await keys.erase('petition:old-build-1', 'spec', 'again')).toBe(false); // no live key: nothing destroyed now
    expect(await kept('petition:old-build-1')).toBeNull();
    expect(await kept('petition:old-build-2')).not.toBeNull();
    await new SubjectKeyStore(db.pool).lookup('petition:any'); // a process's first use
    expect(await kept('petition:old-build-2')).toBeNull();
  });

  it('works as before, keeping nothing, when the table belongs to another role and has no column for it', async () => {
    const other = await createTestDatabase('wz_published_citizen_owner');
    const role = `wz_keys_user_${Date.now().toString(36)}`;
    try {
      await other.pool.query(`create schema wz_keys;
        create table wz_keys.subject_keys (subject_id text primary key, key bytea null, created_at timestamptz not null default now(),
          erased_at timestamptz null, erased_by text null, reason text null);
        create role ${role} login password 'spec-password';
        grant create on database ${new URL(other.url).pathname.slice(1)} to ${role};
        grant usage, create on schema wz_keys to ${role};
        grant select, insert, update on wz_keys.subject_keys to ${role};`);
      const url = new URL(other.url);
      url.username = role;
      url.password = 'spec-password';
      const pool = new Pool({ connectionString: url.toString(), max: 2 });
      try {
        const keys = new SubjectKeyStore(pool);
        const { petitionId, event } = submission(10);
        const { name } = event.data.citizen as { name: string };
        const stored = await new PetitionEventCodec(keys, index).encode(event, petitionId);
        expect(citizenOf(await new PetitionEventCodec(new SubjectKeyStore(pool), index).decodePublished(stored))).toEqual(
          expect.objectContaining({ display: maskName(name) }),
        );
        expect(await keys.erase(subjectOf(petitionId), 'spec', 'PIPL request')).toBe(true);
        expect(citizenOf(await new PetitionEventCodec(new SubjectKeyStore(pool), index).decodePublished(stored))).toEqual({
          name: '',
          phone: '',
          erased: true,
        });
        const columns = await other.pool.query(
          `select 1 from information_schema.columns where table_schema = 'wz_keys' and table_name = 'subject_keys' and column_name = 'published'`,
        );
        expect(columns.rowCount).toBe(0);
      } finally {
        await pool.end();
      }
    } finally {
      await other.drop();
      const admin = new Pool({ connectionString: testAdminUrl(), max: 1 });
      await admin.query(`drop role if exists ${role}`).catch(() => undefined);
      await admin.end();
    }
  });

  it('gives a table made before the column its column on first use', async () => {
    const other = await createTestDatabase('wz_published_citizen_old');
    try {
      await other.pool.query(`create schema wz_keys;
        create table wz_keys.subject_keys (subject_id text primary key, key bytea null, created_at timestamptz not null default now(),
          erased_at timestamptz null, erased_by text null, reason text null);
        insert into wz_keys.subject_keys (subject_id, key) values ('petition:old', '\\x00');`);
      const { petitionId, event } = submission(5);
      await new PetitionEventCodec(new SubjectKeyStore(other.pool), index).encode(event, petitionId);
      const rows = (
        await other.pool.query<{ subject_id: string; kept: boolean }>(
          'select subject_id, published is not null as kept from wz_keys.subject_keys order by kept',
        )
      ).rows;
      expect(rows).toEqual([
        { subject_id: 'petition:old', kept: false },
        { subject_id: subjectOf(petitionId), kept: true },
      ]);
    } finally {
      await other.drop();
    }
  });

  it('decodes every event but a submission for projections at once (no promise, no key), as decodePublished reads it', async () => {
    const c = generateCase(10);
    const events = c.steps.flatMap((s) => s.produced);
    const codec = new PetitionEventCodec(new SubjectKeyStore(db.pool), index);
    const names = citizenNamesIn(events);
    const stored: Stored[] = [];
    for (const e of events) stored.push(await codec.encode(e, c.petitionId, { names }));
    const recordedOf = (s: Stored, n: number) =>
      ({
        ...s,
        streamId: `petition-${c.petitionId}`,
        revision: BigInt(n),
        id: `e${n}`,
        metadata: {},
        created: new Date(0),
        position: {},
      }) as unknown as RecordedEvent;
    // a case with sealed text past its submission, or the test would prove nothing about opening
    const sealedLater = stored.filter((s) => s.type !== 'PetitionSubmitted' && 'personal' in (s.data as object));
    expect(sealedLater.length).toBeGreaterThan(0);

    const expected = await Promise.all(stored.map((s) => codec.decodePublished(s)));
    // a fresh codec (a rebuild's), after the key is erased, and each later sealed block corrupted: none of it is needed
    await new SubjectKeyStore(db.pool).erase(subjectOf(c.petitionId), 'spec', 'the decoder needs no key');
    const fresh = new PetitionEventCodec(new SubjectKeyStore(db.pool), index);
    stored.forEach((s, n) => {
      if (s.type === 'PetitionSubmitted') return;
      const recorded = recordedOf(sealedLater.includes(s) ? corrupted(s) : s, n);
      const decoded = fresh.projectionDecoder(recorded);
      expect(decoded).not.toBeInstanceOf(Promise);
      expect(decoded).toEqual({ type: s.type, data: expected[n].data, recorded });
    });
    // a submission still reads its citizen (here: erased) through the key store
    const first = stored.findIndex((s) => s.type === 'PetitionSubmitted');
    const submitted = fresh.projectionDecoder(recordedOf(stored[first], first));
    expect(submitted).toBeInstanceOf(Promise);
    expect((await submitted).data).toEqual(expect.objectContaining({ citizen: expect.objectContaining({ erased: true }) }));
  });
});
