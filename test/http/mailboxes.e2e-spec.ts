import { departments as seedDepartments } from '@wenzheng/reference-data';
import { createTestApp, TestApp } from '../setup/app';
import { bearer, mintToken } from '../setup/tokens';
import { submission } from '../setup/petitions';

// 领导信箱 (handling.md: mailboxes per leader as reference data): the admin routes, the public list,
// the mailbox on submission and the listing filters.

const ZJJ = seedDepartments.find((d) => d.code === 'zjj')!.id; // 市住房和城乡建设局
const NYNCJ = seedDepartments.find((d) => d.code === 'nyncj')!.id; // 市农业农村局
const MISSING = '00000000-0000-4000-8000-000000000000';

type Res = { status: number; body: { message?: string; items?: Array<Record<string, unknown>> } & Record<string, unknown> };

describe('leaders’ mailboxes (领导信箱)', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let reviewer: Record<string, string>;
  let handler: Record<string, string>;
  let citizen: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = bearer(await mintToken({ roles: ['admin'] }));
    reviewer = bearer(await mintToken({ roles: ['reviewer'] }));
    handler = bearer(await mintToken({ roles: ['handler'], departmentId: ZJJ, sub: 'handler-zjj' }));
    citizen = bearer(await mintToken({ roles: ['citizen'], sub: 'citizen-1' }));
  });
  afterAll(async () => t.close());

  const publicList = async () => (await t.http().get('/api/public/mailboxes').expect(200)).body.items as Array<Record<string, unknown>>;
  const adminList = async () =>
    (await t.http().get('/api/admin/mailboxes').set(admin).expect(200)).body.items as Array<Record<string, unknown>>;
  const storedRows = async () => (await t.runtime.pool.query(`select * from wz_ref.mailboxes order by id`)).rows;
  const eventCount = async () => Number((await t.runtime.pool.query(`select count(*) as n from wz_es.events`)).rows[0].n);

  describe('the public list', () => {
    it('lists the seeded active mailboxes in display order, with no staff-only field', async () => {
      const items = await publicList();
      expect(items.slice(0, 3)).toEqual([
        { id: 'mayor', title: '市长信箱', addresseeType: 'mayor' },
        { id: 'executive-vice-mayor', title: '常务副市长信箱', addresseeType: 'mayor' },
        { id: 'vice-mayor-urban', title: '分管城建副市长信箱', addresseeType: 'mayor' },
      ]);
      expect(items).toContainEqual({ id: 'party-secretary', title: '市委书记信箱', addresseeType: 'secretary' });
      for (const m of items) expect(Object.keys(m).sort()).toEqual(['addresseeType', 'id', 'title']);
    });

    it('the admin list carries the usual department, the flag and the order', async () => {
      const urban = (await adminList()).find((m) => m.id === 'vice-mayor-urban');
      expect(urban).toMatchObject({ departmentId: ZJJ, active: true, displayOrder: 30, updatedAt: expect.stringMatching(/^\d{4}-/) });
    });
  });

  describe('who may change them', () => {
    const attempts: Array<[string, (h?: Record<string, string>) => Promise<Res>]> = [
      [
        'GET list',
        (h) =>
          t
            .http()
            .get('/api/admin/mailboxes')
            .set(h ?? {}),
      ],
      [
        'POST',
        (h) =>
          t
            .http()
            .post('/api/admin/mailboxes')
            .set(h ?? {})
            .send({ id: 'sneaky', title: '某信箱', addresseeType: 'mayor' }),
      ],
      [
        'PATCH',
        (h) =>
          t
            .http()
            .patch('/api/admin/mailboxes/mayor')
            .set(h ?? {})
            .send({ active: false }),
      ],
    ];

    it.each(attempts)('%s: anonymous 401, handler, reviewer and citizen 403, nothing changed', async (_name, send) => {
      const before = await storedRows();
      expect((await send()).status).toBe(401);
      for (const h of [handler, reviewer, citizen]) expect((await send(h)).status).toBe(403);
      expect(await storedRows()).toEqual(before);
    });
  });

  describe('admin: create, update, deactivate', () => {
    it('adds a mailbox, shown on the public list in its order; the id is unique (409)', async () => {
      const res = await t
        .http()
        .post('/api/admin/mailboxes')
        .set(admin)
        .send({
          id: 'vice-mayor-agriculture',
          title: '分管农业农村副市长信箱',
          addresseeType: 'mayor',
          departmentId: NYNCJ,
          displayOrder: 45,
        })
        .expect(201);
      expect(res.body).toMatchObject({ id: 'vice-mayor-agriculture', departmentId: NYNCJ, active: true, displayOrder: 45 });
      const ids = (await publicList()).map((m) => m.id);
      expect(ids.indexOf('vice-mayor-agriculture')).toBe(ids.indexOf('vice-mayor-education') + 1);

      const again = await t
        .http()
        .post('/api/admin/mailboxes')
        .set(admin)
        .send({ id: 'vice-mayor-agriculture', title: '重复', addresseeType: 'secretary' })
        .expect(409);
      expect(again.body.message).toMatch(/^id: /);
      expect((await adminList()).find((m) => m.id === 'vice-mayor-agriculture')).toMatchObject({ title: '分管农业农村副市长信箱' });
    });

    it('retitles, moves and clears the department of a mailbox', async () => {
      const res = await t
        .http()
        .patch('/api/admin/mailboxes/vice-mayor-agriculture')
        .set(admin)
        .send({ title: '分管农业副市长信箱', departmentId: null, displayOrder: 5 })
        .expect(200);
      expect(res.body).toMatchObject({ id: 'vice-mayor-agriculture', title: '分管农业副市长信箱', displayOrder: 5 });
      expect(res.body).not.toHaveProperty('departmentId');
      expect((await publicList())[0]).toEqual({ id: 'vice-mayor-agriculture', title: '分管农业副市长信箱', addresseeType: 'mayor' });
    });

    it('deactivates a mailbox: gone from the public list, kept in the admin list', async () => {
      await t.http().patch('/api/admin/mailboxes/vice-mayor-agriculture').set(admin).send({ active: false }).expect(200);
      expect((await publicList()).some((m) => m.id === 'vice-mayor-agriculture')).toBe(false);
      expect((await adminList()).find((m) => m.id === 'vice-mayor-agriculture')).toMatchObject({ active: false });
    });

    it('404 for a well-formed id that names no mailbox', async () => {
      await t.http().patch('/api/admin/mailboxes/no-such-mailbox').set(admin).send({ active: false }).expect(404);
    });

    const valid = { id: 'vice-mayor-culture', title: '分管文旅副市长信箱', addresseeType: 'mayor' };
    const bad: Array<[string, () => Promise<Res>, RegExp]> = [
      [
        'id with capitals and spaces',
        () =>
          t
            .http()
            .post('/api/admin/mailboxes')
            .set(admin)
            .send({ ...valid, id: 'Vice Mayor' }),
        /^id: /,
      ],
      [
        'id with an underscore',
        () =>
          t
            .http()
            .post('/api/admin/mailboxes')
            .set(admin)
            .send({ ...valid, id: 'vice_mayor' }),
        /^id: /,
      ],
      [
        'id of 65 characters',
        () =>
          t
            .http()
            .post('/api/admin/mailboxes')
            .set(admin)
            .send({ ...valid, id: 'a'.repeat(65) }),
        /^id: /,
      ],
      [
        'id a number',
        () =>
          t
            .http()
            .post('/api/admin/mailboxes')
            .set(admin)
            .send({ ...valid, id: 42 }),
        /^id: /,
      ],
      [
        'empty title',
        () =>
          t
            .http()
            .post('/api/admin/mailboxes')
            .set(admin)
            .send({ ...valid, title: '' }),
        /^title: /,
      ],
      [
        'blank title',
        () =>
          t
            .http()
            .post('/api/admin/mailboxes')
            .set(admin)
            .send({ ...valid, title: ' \u3000 ' }),
        /^title: /,
      ],
      [
        'title of zero-width spaces and a BOM',
        () =>
          t
            .http()
            .post('/api/admin/mailboxes')
            .set(admin)
            .send({ ...valid, title: '\u200b\u200d\ufeff' }),
        /^title: must contain visible text/,
      ],
      [
        'title with a bidi override',
        () =>
          t
            .http()
            .post('/api/admin/mailboxes')
            .set(admin)
            .send({ ...valid, title: '市长\u202e信箱' }),
        /^title: /,
      ],
      [
        'title with a line break',
        () =>
          t
            .http()
            .post('/api/admin/mailboxes')
            .set(admin)
            .send({ ...valid, title: '市长\n信箱' }),
        /^title: /,
      ],
      [
        'title of 61 characters',
        () =>
          t
            .http()
            .post('/api/admin/mailboxes')
            .set(admin)
            .send({ ...valid, title: '信'.repeat(61) }),
        /^title: /,
      ],
      [
        'addressee type department',
        () =>
          t
            .http()
            .post('/api/admin/mailboxes')
            .set(admin)
            .send({ ...valid, addresseeType: 'department' }),
        /^addresseeType: /,
      ],
      [
        'unknown department',
        () =>
          t
            .http()
            .post('/api/admin/mailboxes')
            .set(admin)
            .send({ ...valid, departmentId: MISSING }),
        /^departmentId: no department/,
      ],
      [
        'department not a UUID',
        () =>
          t
            .http()
            .post('/api/admin/mailboxes')
            .set(admin)
            .send({ ...valid, departmentId: 'zjj' }),
        /^departmentId: /,
      ],
      [
        'negative order',
        () =>
          t
            .http()
            .post('/api/admin/mailboxes')
            .set(admin)
            .send({ ...valid, displayOrder: -1 }),
        /^displayOrder: /,
      ],
      [
        'unknown field',
        () =>
          t
            .http()
            .post('/api/admin/mailboxes')
            .set(admin)
            .send({ ...valid, owner: '张三' }),
        /^owner: unknown field/,
      ],
      ['path id malformed', () => t.http().patch('/api/admin/mailboxes/Mayor!').set(admin).send({ active: false }), /^id: /],
      [
        'invisible title on update',
        () => t.http().patch('/api/admin/mailboxes/mayor').set(admin).send({ title: '\u2060\u180e' }),
        /^title: /,
      ],
      [
        'unknown department on update',
        () => t.http().patch('/api/admin/mailboxes/mayor').set(admin).send({ departmentId: MISSING }),
        /^departmentId: /,
      ],
      ['nothing to change', () => t.http().patch('/api/admin/mailboxes/mayor').set(admin).send({}), /^body: nothing to change/],
      ['null title on update', () => t.http().patch('/api/admin/mailboxes/mayor').set(admin).send({ title: null }), /^title: /],
      ['null flag on update', () => t.http().patch('/api/admin/mailboxes/mayor').set(admin).send({ active: null }), /^active: /],
    ];

    it.each(bad)('%s: 400 naming the field, nothing stored', async (_name, send, field) => {
      const before = await storedRows();
      const res = await send();
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(field);
      expect(await storedRows()).toEqual(before);
    });
  });

  describe('writing to a mailbox', () => {
    const post = (addressee: Record<string, unknown>) => t.http().post('/api/petitions').send(submission({ addressee }));

    it('records the mailbox with the addressee', async () => {
      const res = await post({ type: 'mayor', mailboxId: 'vice-mayor-urban' }).expect(201);
      const { rows } = await t.runtime.pool.query(`select data from wz_es.events where stream_id = $1 and type = 'PetitionSubmitted'`, [
        `petition-${res.body.id}`,
      ]);
      expect(rows[0].data.addressee).toEqual({ type: 'mayor', mailboxId: 'vice-mayor-urban' });
      // The case read: the reviewer gets the department such letters usually go to (their suggestion), the citizen only the title.
      const staff = await t.http().get(`/api/petitions/${res.body.id}`).set(reviewer).expect(200);
      expect(staff.body.mailbox).toEqual({ id: 'vice-mayor-urban', title: '分管城建副市长信箱', departmentId: ZJJ });
      const own = await t.http().get(`/api/petitions/${res.body.trackingCode}`).set('X-Access-Key', res.body.accessKey).expect(200);
      expect(own.body.mailbox).toEqual({ id: 'vice-mayor-urban', title: '分管城建副市长信箱' });
    });

    const refused: Array<[string, Record<string, unknown>, RegExp]> = [
      ['an unknown mailbox', { type: 'mayor', mailboxId: 'vice-mayor-nowhere' }, /^addressee\.mailboxId: unknown or inactive mailbox/],
      ['an inactive mailbox', { type: 'mayor', mailboxId: 'vice-mayor-agriculture' }, /^addressee\.mailboxId: unknown or inactive mailbox/],
      ['a mayor’s mailbox under secretary', { type: 'secretary', mailboxId: 'mayor' }, /^addressee\.mailboxId: mayor is a mayor mailbox/],
      ['a malformed id', { type: 'mayor', mailboxId: 'Mayor Office' }, /^addressee\.mailboxId: must be a mailbox id/],
      ['an id of 65 characters', { type: 'mayor', mailboxId: 'm'.repeat(65) }, /^addressee\.mailboxId: /],
      ['a mailbox beside a department', { type: 'department', departmentId: ZJJ, mailboxId: 'mayor' }, /^addressee\.mailboxId: /],
    ];

    it.each(refused)('refuses %s with 400 naming addressee.mailboxId, nothing appended', async (_name, addressee, message) => {
      const before = await eventCount();
      const res = await post(addressee).expect(400);
      expect(res.body.message).toMatch(message);
      expect(await eventCount()).toBe(before);
    });
  });

  describe('listing by mailbox', () => {
    let urban: { id: string; trackingCode: string };
    let plain: { id: string; trackingCode: string };

    beforeAll(async () => {
      const accepted = async (addressee: Record<string, unknown>) => {
        const res = await t.http().post('/api/petitions').send(submission({ addressee })).expect(201);
        await t.http().post(`/api/petitions/${res.body.id}/review`).set(reviewer).send({ outcome: 'accepted' }).expect(200);
        return res.body as { id: string; trackingCode: string };
      };
      urban = await accepted({ type: 'mayor', mailboxId: 'executive-vice-mayor' });
      plain = await accepted({ type: 'mayor' }); // as every case before mailboxes were recorded
      await t.waitForProjections();
    });

    it('the public listing filters by mailbox and names it', async () => {
      const res = await t.http().get('/api/public/petitions?mailbox=executive-vice-mayor').expect(200);
      expect(res.body.items.map((i: { trackingCode: string }) => i.trackingCode)).toEqual([urban.trackingCode]);
      expect(res.body.items[0].mailbox).toEqual({ id: 'executive-vice-mayor', title: '常务副市长信箱' });
      const all = await t.http().get('/api/public/petitions').expect(200);
      const withoutMailbox = all.body.items.find((i: { trackingCode: string }) => i.trackingCode === plain.trackingCode);
      expect(withoutMailbox).toBeDefined();
      expect(withoutMailbox).not.toHaveProperty('mailbox');
    });

    it("the public page shows the mailbox's title, also after it is deactivated", async () => {
      const page = await t.http().get(`/api/public/petitions/${urban.trackingCode}`).expect(200);
      expect(page.body.mailbox).toEqual({ id: 'executive-vice-mayor', title: '常务副市长信箱' });
      await t.http().patch('/api/admin/mailboxes/executive-vice-mayor').set(admin).send({ active: false }).expect(200);
      const after = await t.http().get(`/api/public/petitions/${urban.trackingCode}`).expect(200);
      expect(after.body.mailbox).toEqual({ id: 'executive-vice-mayor', title: '常务副市长信箱' });
      const listed = await t.http().get('/api/public/petitions?mailbox=executive-vice-mayor').expect(200);
      expect(listed.body.items).toHaveLength(1);
      await t.http().patch('/api/admin/mailboxes/executive-vice-mayor').set(admin).send({ active: true }).expect(200);
    });

    it('staff search filters by mailbox', async () => {
      const res = await t.http().get('/api/cases?mailbox=executive-vice-mayor').set(reviewer).expect(200);
      expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([urban.id]);
      const none = await t.http().get('/api/cases?mailbox=party-secretary').set(reviewer).expect(200);
      expect(none.body.items).toEqual([]);
    });

    it.each([
      ['/api/public/petitions?mailbox=no-such-mailbox', /^mailbox: unknown mailbox/],
      ['/api/public/petitions?mailbox=Mayor%20Office', /^mailbox: /],
      ['/api/cases?mailbox=no-such-mailbox', /^mailbox: unknown mailbox/],
      ['/api/cases?mailbox=%E2%80%8B', /^mailbox: /],
    ])('%s: 400 naming mailbox', async (url, message) => {
      const res = await t.http().get(url).set(reviewer).expect(400);
      expect(res.body.message).toMatch(message);
    });
  });
});
