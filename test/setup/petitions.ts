import { departments } from '@wenzheng/reference-data';
import { TestApp, createTestApp } from './app';
import { bearer, mintToken } from './tokens';

export const DEPT_A = departments[0].id;
export const DEPT_B = departments[1].id;

export interface Tokens {
  reviewer: string;
  supervisor: string;
  handlerA: string;
  handlerB: string;
  auditor: string;
  admin: string;
}

export async function tokens(): Promise<Tokens> {
  return {
    reviewer: await mintToken({ roles: ['reviewer'] }),
    supervisor: await mintToken({ roles: ['supervisor'] }),
    handlerA: await mintToken({ roles: ['handler'], departmentId: DEPT_A, sub: 'handler-a' }),
    handlerB: await mintToken({ roles: ['handler'], departmentId: DEPT_B, sub: 'handler-b' }),
    auditor: await mintToken({ roles: ['auditor'] }),
    admin: await mintToken({ roles: ['admin'] }),
  };
}

export const submission = (overrides: Record<string, unknown> = {}) => ({
  channel: 'web',
  kind: 'complaint',
  addressee: { type: 'mayor' },
  title: '小区停水三天无人处理',
  content: '鹿城区人民路123号小区从10月12日起停水三天，物业和水务公司都说不归他们管，请尽快处理。',
  location: '鹿城区人民路123号',
  citizen: { name: '张伟', phone: '13812345678', idNumber: '33030219800101102X', email: 'zhangwei@example.com' },
  publicConsent: true,
  ...overrides,
});

export async function submit(t: TestApp, overrides: Record<string, unknown> = {}) {
  const res = await t.http().post('/api/petitions').send(submission(overrides)).expect(201);
  return res.body as { id: string; trackingCode: string; accessKey: string; revision: number };
}

/** Takes a new case to `dispatched` (to DEPT_A unless said otherwise). */
export async function dispatched(t: TestApp, tk: Tokens, departmentId = DEPT_A) {
  const p = await submit(t);
  await t.http().post(`/api/petitions/${p.id}/review`).set(bearer(tk.reviewer)).send({ outcome: 'accepted' }).expect(200);
  await t.http().post(`/api/petitions/${p.id}/dispatch`).set(bearer(tk.reviewer)).send({ departmentId }).expect(200);
  return p;
}

export async function streamTypes(t: TestApp, id: string): Promise<string[]> {
  const { rows } = await t.runtime.pool.query(`select type from wz_es.events where stream_id = $1 order by revision`, [`petition-${id}`]);
  return rows.map((r: { type: string }) => r.type);
}

/** The citizen block of `submission()`, and each of its values: none may appear in a masked answer. */
export const CITIZEN = submission().citizen as { name: string; phone: string; idNumber: string; email: string };
export const CITIZEN_SECRETS = [CITIZEN.name, CITIZEN.phone, CITIZEN.idNumber, CITIZEN.email];

/** A spec's app, the standard tokens and a POST as a token's holder (or anonymous): made before its tests, closed after. */
export function useAppWithTokens(env: Record<string, string> = {}) {
  const ctx = {
    t: undefined as unknown as TestApp,
    tk: undefined as unknown as Tokens,
    post: (path: string, token: string | undefined, body: object = {}) => {
      const r = ctx.t.http().post(path).send(body);
      return token ? r.set(bearer(token)) : r;
    },
  };
  beforeAll(async () => {
    ctx.t = await createTestApp(env);
    ctx.tk = await tokens();
  });
  afterAll(async () => ctx.t?.close());
  return ctx;
}

/** An Open311 client's report (GeoReport v2 POST, form-encoded), a pothole on 五马街 by 张伟 with a mobile. */
export const open311Report = (apiKey: string, overrides: Record<string, string> = {}) => ({
  api_key: apiKey,
  service_code: 'csgl',
  lat: '28.016649',
  long: '120.656149',
  address_string: '五马街1号',
  description: '五马街路面塌陷',
  first_name: '伟',
  last_name: '张',
  phone: '13812345678',
  ...overrides,
});
