import { departments as seedDepartments, categories as seedCategories } from '@wenzheng/reference-data';
import { REFERENCE_REFRESH_MS, ReferenceDataService } from '@wenzheng/read-models';
import { createTestApp, TestApp } from '../setup/app';
import { bearer, mintToken } from '../setup/tokens';

const LUCHENG = seedDepartments[0].id; // 鹿城区人民政府
const ZFJ = seedDepartments.find((d) => d.code === 'zfj')!.id;
const CSGL = seedCategories.find((c) => c.code === 'csgl')!.id;
const MISSING = '00000000-0000-4000-8000-000000000000';

interface Problem {
  field: string;
  rule: string;
}

describe('reference data over HTTP', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let reviewer: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = bearer(await mintToken({ roles: ['admin'] }));
    reviewer = bearer(await mintToken({ roles: ['reviewer'] }));
  });
  afterAll(async () => t.close());

  const departments = async (query = '') =>
    (await t.http().get(`/api/departments${query}`).expect(200)).body.items as Array<Record<string, unknown>>;
  const categories = async (query = '') =>
    (await t.http().get(`/api/categories${query}`).expect(200)).body.items as Array<Record<string, unknown>>;
  const problems = (body: { details?: Problem[] }) => (body.details ?? []).map((p) => `${p.field}:${p.rule}`);

  describe('public lists', () => {
    it('lists the seeded departments with their Chinese names, without a token', async () => {
      const items = await departments();
      expect(items.length).toBeGreaterThanOrEqual(30);
      expect(items.length).toBe(seedDepartments.length);
      expect(items).toContainEqual(
        expect.objectContaining({ id: LUCHENG, code: 'lcq', name: '鹿城区人民政府', kind: 'district_government', active: true }),
      );
      expect(items.map((d) => d.name)).toEqual(expect.arrayContaining(['市综合行政执法局', '国网温州供电公司', '泰顺县人民政府']));
      expect(items[0].updatedAt).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
    });

    it('lists the seeded categories with their default department', async () => {
      const items = await categories();
      expect(items).toHaveLength(seedCategories.length);
      expect(items).toContainEqual(
        expect.objectContaining({ id: CSGL, code: 'csgl', name: '城市管理', defaultDepartmentId: ZFJ, active: true }),
      );
      const ids = new Set((await departments()).map((d) => d.id));
      for (const c of items) expect(ids.has(c.defaultDepartmentId)).toBe(true);
    });

    it('refuses a bad or unknown query parameter with 400 naming it', async () => {
      const bad = await t.http().get('/api/departments?all=yes').expect(400);
      expect(bad.body.message).toMatch(/^all: /);
      const unknown = await t.http().get('/api/categories?kind=x').expect(400);
      expect(problems(unknown.body)).toContain('kind:unknown_field');
    });

    it('serves the command handlers the same data synchronously', () => {
      const service = t.app.get(ReferenceDataService);
      expect(service.department(LUCHENG)?.name).toBe('鹿城区人民政府');
      expect(service.category(CSGL)?.defaultDepartmentId).toBe(ZFJ);
      expect(service.department(MISSING)).toBeUndefined();
      expect(service.policies().complaint.respondWithinWorkingDays).toBe(8);
      expect(service.calendar().dueDate('2026-09-29', 8)).toBe('2026-10-15');
    });
  });

  describe('admin: departments', () => {
    it('renames a department and the public list shows the new name', async () => {
      const before = (await departments()).find((d) => d.id === LUCHENG)!;
      const res = await t.http().patch(`/api/admin/departments/${LUCHENG}`).set(admin).send({ name: '鹿城区人民政府（测试）' }).expect(200);
      expect(res.body).toMatchObject({ id: LUCHENG, code: 'lcq', name: '鹿城区人民政府（测试）', active: true });
      expect(res.body.updatedAt >= (before.updatedAt as string)).toBe(true);
      expect((await departments()).find((d) => d.id === LUCHENG)?.name).toBe('鹿城区人民政府（测试）');
      expect(t.app.get(ReferenceDataService).department(LUCHENG)?.name).toBe('鹿城区人民政府（测试）');
    });

    it('takes a department or a category named by its id in capitals as the same one (was a 500 after the change was made)', async () => {
      const res = await t
        .http()
        .patch(`/api/admin/departments/${LUCHENG.toUpperCase()}`)
        .set(admin)
        .send({ name: '鹿城区人民政府（大写）' })
        .expect(200);
      expect(res.body).toMatchObject({ id: LUCHENG, name: '鹿城区人民政府（大写）' });
      await t.http().patch(`/api/admin/departments/${LUCHENG}`).set(admin).send({ name: '鹿城区人民政府（测试）' }).expect(200);
      const category = (await t.http().get('/api/categories').expect(200)).body.items[0] as { id: string; name: string };
      const c = await t
        .http()
        .patch(`/api/admin/categories/${category.id.toUpperCase()}`)
        .set(admin)
        .send({ name: category.name })
        .expect(200);
      expect(c.body.id).toBe(category.id);
    });

    it('deactivates a department: gone from the public list, still in ?all=true and to the handlers', async () => {
      const id = seedDepartments.find((d) => d.code === 'gdgs')!.id;
      await t.http().patch(`/api/admin/departments/${id}`).set(admin).send({ active: false }).expect(200);
      expect((await departments()).some((d) => d.id === id)).toBe(false);
      expect((await departments('?all=true')).find((d) => d.id === id)).toMatchObject({ active: false });
      expect(t.app.get(ReferenceDataService).department(id)?.active).toBe(false);
    });

    it('adds a department; its code is unique', async () => {
      const res = await t
        .http()
        .post('/api/admin/departments')
        .set(admin)
        .send({ code: 'dsj', name: '市大数据发展管理局', kind: 'municipal_bureau' })
        .expect(201);
      expect(res.body).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        code: 'dsj',
        name: '市大数据发展管理局',
        active: true,
      });
      expect((await departments()).some((d) => d.id === res.body.id)).toBe(true);
      const again = await t
        .http()
        .post('/api/admin/departments')
        .set(admin)
        .send({ code: 'dsj', name: '重复', kind: 'municipal_bureau' })
        .expect(409);
      expect(again.body.message).toMatch(/^code: /);
    });

    it('refuses bad input with 400 naming the field, and changes nothing', async () => {
      const before = await departments('?all=true');
      const cases: Array<[string, () => Promise<{ status: number; body: { message: string; details?: Problem[] } }>, string]> = [
        ['id not a UUID', () => t.http().patch('/api/admin/departments/not-a-uuid').set(admin).send({ name: 'x' }), 'id'],
        ['unknown field', () => t.http().patch(`/api/admin/departments/${LUCHENG}`).set(admin).send({ name: 'x', code: 'zzz' }), 'code'],
        ['blank name', () => t.http().patch(`/api/admin/departments/${LUCHENG}`).set(admin).send({ name: '  ' }), 'name'],
        [
          'name with a control character',
          () => t.http().patch(`/api/admin/departments/${LUCHENG}`).set(admin).send({ name: 'a\u0007b' }),
          'name',
        ],
        ['active not a boolean', () => t.http().patch(`/api/admin/departments/${LUCHENG}`).set(admin).send({ active: 'false' }), 'active'],
        ['nothing to change', () => t.http().patch(`/api/admin/departments/${LUCHENG}`).set(admin).send({}), 'body'],
        [
          'bad code',
          () => t.http().post('/api/admin/departments').set(admin).send({ code: 'Bad Code', name: 'x', kind: 'municipal_bureau' }),
          'code',
        ],
        ['bad kind', () => t.http().post('/api/admin/departments').set(admin).send({ code: 'abc', name: 'x', kind: 'ministry' }), 'kind'],
        ['missing name', () => t.http().post('/api/admin/departments').set(admin).send({ code: 'abc', kind: 'municipal_bureau' }), 'name'],
      ];
      for (const [what, send, field] of cases) {
        const res = await send();
        expect({ what, status: res.status }).toEqual({ what, status: 400 });
        expect(res.body.message).toMatch(new RegExp(`^${field}: `));
      }
      expect(await departments('?all=true')).toEqual(before);
    });

    it('answers 404 for an unknown department', async () => {
      const res = await t.http().patch(`/api/admin/departments/${MISSING}`).set(admin).send({ name: 'x' }).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    });

    it('needs a token (401) with the admin role (403)', async () => {
      await t.http().patch(`/api/admin/departments/${LUCHENG}`).send({ name: 'x' }).expect(401);
      await t.http().post('/api/admin/departments').send({ code: 'abc', name: 'x', kind: 'municipal_bureau' }).expect(401);
      await t.http().patch(`/api/admin/departments/${LUCHENG}`).set(reviewer).send({ name: 'x' }).expect(403);
      await t.http().patch(`/api/admin/departments/${LUCHENG}`).set({ Authorization: 'Bearer nonsense' }).send({ name: 'x' }).expect(401);
      expect((await departments()).find((d) => d.id === LUCHENG)?.name).toBe('鹿城区人民政府（测试）');
    });
  });

  describe('admin: categories', () => {
    it('adds a category and changes its default department', async () => {
      const created = await t
        .http()
        .post('/api/admin/categories')
        .set(admin)
        .send({ code: 'ggws', name: '公共卫生', defaultDepartmentId: ZFJ })
        .expect(201);
      expect(created.body).toMatchObject({ code: 'ggws', name: '公共卫生', defaultDepartmentId: ZFJ, active: true });
      const wjw = seedDepartments.find((d) => d.code === 'wjw')!.id;
      const patched = await t
        .http()
        .patch(`/api/admin/categories/${created.body.id}`)
        .set(admin)
        .send({ defaultDepartmentId: wjw, name: '公共卫生服务' })
        .expect(200);
      expect(patched.body).toMatchObject({ defaultDepartmentId: wjw, name: '公共卫生服务' });
      expect((await categories()).find((c) => c.id === created.body.id)).toMatchObject({ defaultDepartmentId: wjw, name: '公共卫生服务' });
      await t.http().patch(`/api/admin/categories/${created.body.id}`).set(admin).send({ active: false }).expect(200);
      expect((await categories()).some((c) => c.id === created.body.id)).toBe(false);
      expect((await categories('?all=true')).some((c) => c.id === created.body.id)).toBe(true);
    });

    it('refuses a default department that does not exist or is inactive, and changes nothing', async () => {
      const before = await categories('?all=true');
      const missing = await t.http().patch(`/api/admin/categories/${CSGL}`).set(admin).send({ defaultDepartmentId: MISSING }).expect(400);
      expect(missing.body.message).toMatch(/^defaultDepartmentId: /);
      const inactive = seedDepartments.find((d) => d.code === 'gdgs')!.id; // deactivated above
      const res = await t
        .http()
        .post('/api/admin/categories')
        .set(admin)
        .send({ code: 'dl', name: '电力', defaultDepartmentId: inactive })
        .expect(400);
      expect(res.body.message).toMatch(/^defaultDepartmentId: .*inactive/);
      const notUuid = await t
        .http()
        .post('/api/admin/categories')
        .set(admin)
        .send({ code: 'dl', name: '电力', defaultDepartmentId: 'zfj' })
        .expect(400);
      expect(problems(notUuid.body)).toContain('defaultDepartmentId:isUuid');
      await t.http().patch(`/api/admin/categories/${MISSING}`).set(admin).send({ name: 'x' }).expect(404);
      await t.http().patch('/api/admin/categories/123').set(admin).send({ name: 'x' }).expect(400);
      await t.http().post('/api/admin/categories').set(reviewer).send({ code: 'dl', name: '电力', defaultDepartmentId: ZFJ }).expect(403);
      expect(await categories('?all=true')).toEqual(before);
    });
  });

  describe('admin: time-limit policies', () => {
    const complaint = {
      acknowledgeWithinWorkingDays: 2,
      respondWithinWorkingDays: 7,
      escalateAfterOverdueWorkingDays: 5,
      maxExtensionWorkingDays: 10,
      rateWithinWorkingDays: 7,
      maxReopens: 2,
    };

    it('lists the six kinds with the seeded defaults', async () => {
      const res = await t.http().get('/api/admin/policies').set(admin).expect(200);
      expect(res.body.items.map((p: { kind: string }) => p.kind)).toEqual([
        'consultation',
        'complaint',
        'suggestion',
        'help',
        'report',
        'praise',
      ]);
      expect(res.body.items[0]).toMatchObject({
        acknowledgeWithinWorkingDays: 1,
        respondWithinWorkingDays: 8,
        escalateAfterOverdueWorkingDays: 3,
        maxExtensionWorkingDays: 15,
        rateWithinWorkingDays: 5,
        maxReopens: 1,
        decideExtensionWithinWorkingDays: 1,
        callbackAttempts: 3,
      });
    });

    it('sets one kind and reads it back; the command handlers see it at once', async () => {
      const res = await t.http().put('/api/admin/policies/complaint').set(admin).send(complaint).expect(200);
      expect(res.body.policy).toMatchObject({ kind: 'complaint', ...complaint });
      expect(res.body.previous).toMatchObject({ respondWithinWorkingDays: 8 });
      expect(res.body.note).toMatch(/not rewritten/);
      const list = await t.http().get('/api/admin/policies').set(admin).expect(200);
      expect(list.body.items.find((p: { kind: string }) => p.kind === 'complaint')).toMatchObject(complaint);
      expect(list.body.items.find((p: { kind: string }) => p.kind === 'help')).toMatchObject({ respondWithinWorkingDays: 8 });
      const service = t.app.get(ReferenceDataService);
      expect(service.policies().complaint).toEqual({
        ...complaint,
        decideExtensionWithinWorkingDays: 1,
        callbackAttempts: 3,
        assistWithinWorkingDays: 5,
        commentWithinDaysAfterClose: 30,
        reviewWithinWorkingHours: 24,
        supplyInformationWithinWorkingDays: 5,
      });
      expect(service.policies().help.respondWithinWorkingDays).toBe(8);
    });

    it('refuses bad kinds and numbers with 400 naming the field, and changes nothing', async () => {
      const cases: Array<[string, Record<string, unknown>, string]> = [
        ['nonsense', complaint, 'kind'],
        ['complaint', { ...complaint, respondWithinWorkingDays: 61 }, 'respondWithinWorkingDays'],
        ['complaint', { ...complaint, acknowledgeWithinWorkingDays: 0 }, 'acknowledgeWithinWorkingDays'],
        ['complaint', { ...complaint, maxReopens: 1.5 }, 'maxReopens'],
        ['complaint', { ...complaint, rateWithinWorkingDays: '7' }, 'rateWithinWorkingDays'],
        ['complaint', { ...complaint, escalateAfterOverdueWorkingDays: undefined }, 'escalateAfterOverdueWorkingDays'],
        ['complaint', { ...complaint, maxExtensionWorkingDays: 61 }, 'maxExtensionWorkingDays'],
        ['complaint', { ...complaint, acknowledgeWithinWorkingDays: 9, respondWithinWorkingDays: 4 }, 'acknowledgeWithinWorkingDays'],
        ['complaint', { ...complaint, extra: 1 }, 'extra'],
        ['complaint', { ...complaint, decideExtensionWithinWorkingDays: 0 }, 'decideExtensionWithinWorkingDays'],
        ['complaint', { ...complaint, callbackAttempts: 11 }, 'callbackAttempts'],
      ];
      for (const [kind, body, field] of cases) {
        const res = await t.http().put(`/api/admin/policies/${kind}`).set(admin).send(body);
        expect({ kind, field, status: res.status }).toEqual({ kind, field, status: 400 });
        expect(res.body.message).toMatch(new RegExp(`^${field}: `));
      }
      await t
        .http()
        .put('/api/admin/policies/complaint')
        .set(reviewer)
        .send({ ...complaint, maxReopens: 0 })
        .expect(403);
      await t.http().get('/api/admin/policies').expect(401);
      expect(t.app.get(ReferenceDataService).policies().complaint).toEqual({
        ...complaint,
        decideExtensionWithinWorkingDays: 1,
        callbackAttempts: 3,
        assistWithinWorkingDays: 5,
        commentWithinDaysAfterClose: 30,
        reviewWithinWorkingHours: 24,
        supplyInformationWithinWorkingDays: 5,
      });
    });
  });

  describe('several processes', () => {
    it('another process picks up an admin change when it reloads', async () => {
      const other = new ReferenceDataService(t.runtime); // as a second process on the same database would
      await other.onModuleInit();
      try {
        await t.http().patch(`/api/admin/departments/${ZFJ}`).set(admin).send({ name: '市综合行政执法局（城管）' }).expect(200);
        expect(other.department(ZFJ)?.name).toBe('市综合行政执法局');
        await other.refresh();
        expect(other.department(ZFJ)?.name).toBe('市综合行政执法局（城管）');
      } finally {
        await other.onModuleDestroy();
      }
    });

    it('reloads on a 10-second timer that does not keep the process alive, stopped on shutdown', async () => {
      const setSpy = jest.spyOn(global, 'setInterval');
      const clearSpy = jest.spyOn(global, 'clearInterval');
      const other = new ReferenceDataService(t.runtime);
      try {
        await other.onModuleInit();
        const index = setSpy.mock.calls.findIndex(([, ms]) => ms === REFERENCE_REFRESH_MS);
        expect(REFERENCE_REFRESH_MS).toBe(10_000);
        expect(index).toBeGreaterThanOrEqual(0);
        const tick = setSpy.mock.calls[index][0] as () => void;
        const timer = setSpy.mock.results[index].value as NodeJS.Timeout;
        expect(timer.hasRef()).toBe(false);
        await t.runtime.dataSource.query(`update wz_ref.categories set name = '城市管理（定时）' where id = $1`, [CSGL]);
        tick();
        for (let i = 0; i < 100 && other.category(CSGL)?.name !== '城市管理（定时）'; i++) await new Promise((r) => setTimeout(r, 20));
        expect(other.category(CSGL)?.name).toBe('城市管理（定时）');
        await other.onModuleDestroy();
        expect(clearSpy).toHaveBeenCalledWith(timer);
      } finally {
        setSpy.mockRestore();
        clearSpy.mockRestore();
        await t.app.get(ReferenceDataService).refresh();
      }
    });

    it('this process picks up a change written elsewhere when it reloads', async () => {
      await t.runtime.dataSource.query(`update wz_ref.time_limit_policies set respond_within_working_days = 4 where kind = 'help'`);
      const service = t.app.get(ReferenceDataService);
      await service.refresh();
      expect(service.policies().help.respondWithinWorkingDays).toBe(4);
    });
  });

  it('documents the routes in the OpenAPI document', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/departments',
        '/api/categories',
        '/api/admin/departments',
        '/api/admin/departments/{id}',
        '/api/admin/categories',
        '/api/admin/categories/{id}',
        '/api/admin/policies',
        '/api/admin/policies/{kind}',
      ]),
    );
    expect(res.body.components.schemas.TimeLimitPolicyDto.properties.respondWithinWorkingDays).toMatchObject({ minimum: 1, maximum: 60 });
  });
});
