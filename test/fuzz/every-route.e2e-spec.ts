import fc from 'fast-check';
import { createTestApp, TestApp } from '../setup/app';
import { Tokens, dispatched, submission, tokens } from '../setup/petitions';

/**
 * Property-based: every route of the OpenAPI document gets malformed and random payloads, headers,
 * ids, query values and cursors. Never a 500; a 4xx appends nothing. Routes added later are
 * covered automatically because the list comes from /api/docs-json.
 */
let t: TestApp;
let tk: Tokens;
let realId: string;
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  realId = (await dispatched(t, tk)).id;
});
afterAll(async () => t.close());

const eventCount = async () => Number((await t.runtime.pool.query(`select count(*) as n from wz_es.events`)).rows[0].n);

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e',
    '../../etc/passwd',
    "' or 1=1 --",
    '%00',
    '9'.repeat(400),
    '-1',
    '1e309',
    'null',
    'NaN',
    '2026-02-30',
    '2026-13-01',
    'not-a-uuid',
    '00000000-0000-0000-0000-000000000000',
    'WZ20261015-AAAAAAAAAA',
    '<script>',
    '{}',
    '[]',
  ),
  fc.uuid(),
  fc.integer().map(String),
);
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
  // a valid submission with one field replaced by something random
  fc.tuple(fc.constantFrom(...Object.keys(submission())), fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => ({ ...submission(), [k]: v })),
  fc.record(
    {
      outcome: nasty,
      departmentId: nasty,
      reason: nasty,
      answer: nasty,
      satisfaction: nasty,
      text: nasty,
      approved: fc.jsonValue(),
      requestedRespondBy: nasty,
    },
    { requiredKeys: [] },
  ),
);
const rawBody = fc.oneof(fc.constant('{"a":'), fc.constant('\u0000\u0001'), fc.string({ maxLength: 200 }), fc.constant('['.repeat(2000)));
// Never-a-500 inputs: nesting past the limit (closed, so it parses), lone surrogates and NUL as JSON
// escapes inside an otherwise valid submission's field (the encrypted citizen name included).
const deepNesting = fc.oneof(
  fc.integer({ min: 33, max: 8000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 33, max: 8000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
);
const badEscape = fc
  .tuple(
    fc.constantFrom('title', 'content', 'location', 'citizen.name', 'text', 'answer', 'reason', 'key'),
    fc.constantFrom('\\ud800', '\\udfff', 'x\\ud83d', '\\u0000'),
  )
  .map(([field, escape]) => {
    const body: Record<string, unknown> = { ...submission(), text: 'ok', answer: 'ok', reason: 'ok' };
    if (field === 'citizen.name') body.citizen = { name: 'BAD', phone: '13812345678' };
    else if (field === 'key') body.BAD = 1;
    else body[field] = 'BAD';
    return JSON.stringify(body).replace('BAD', escape);
  });
const contentEncoding = fc.option(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'x-unknown', 'gzip, gzip'), {
  nil: undefined,
});

interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  query: string[];
}

async function routes(): Promise<Route[]> {
  const doc = (await t.http().get('/api/docs-json').expect(200)).body as {
    paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>>;
  };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method as Route['method'],
      path,
      query: (op.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => p.name)
        .concat(['cursor', 'limit', 'unknown']),
    })),
  );
}

it('never answers 500 and never appends on a 4xx, on any route', async () => {
  const all = await routes();
  expect(all.length).toBeGreaterThan(15);
  const authHeaders = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(tk.reviewer, tk.handlerA, tk.handlerB, tk.supervisor, tk.auditor, tk.admin).map((x) => `Bearer ${x}`),
    // header values must be printable ASCII for the HTTP client itself; the server sees them as sent
    nasty.map((x) => `Bearer ${encodeURIComponent(x).slice(0, 300)}`),
    nasty.map((x) => encodeURIComponent(x).slice(0, 300)),
  );
  let cases = 0;
  const failures: string[] = [];
  for (const route of all) {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          ids: fc.array(fc.oneof(nasty, fc.constant(realId)), { minLength: 3, maxLength: 3 }),
          query: fc.dictionary(fc.constantFrom(...route.query), nasty, { maxKeys: 4 }),
          body: fc.oneof(
            anyJson,
            fc.oneof(rawBody, deepNesting, badEscape).map((raw) => ({ __raw: raw })),
          ),
          encoding: contentEncoding,
          auth: authHeaders,
          idem: fc.option(nasty, { nil: undefined }),
          accessKey: fc.option(nasty, { nil: undefined }),
        }),
        async ({ ids, query, body, auth, idem, accessKey, encoding }) => {
          cases++;
          let i = 0;
          const path = route.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(ids[i++ % ids.length]));
          const before = await eventCount();
          let req = t.http()[route.method](path).query(query);
          if (auth !== undefined) req = req.set('Authorization', auth);
          if (idem !== undefined) req = req.set('Idempotency-Key', encodeURIComponent(idem).slice(0, 300));
          if (accessKey !== undefined) req = req.set('X-Access-Key', encodeURIComponent(accessKey).slice(0, 300));
          if (route.method !== 'get' && route.method !== 'delete') {
            // superagent sends only objects: a top-level JSON primitive goes as its raw text
            const raw = typeof body === 'object' && body !== null ? (body as { __raw?: string }).__raw : JSON.stringify(body);
            req = raw !== undefined ? req.set('Content-Type', 'application/json').send(raw) : req.send(body as object);
            if (encoding !== undefined) req = req.set('Content-Encoding', encoding);
          }
          const res = await req;
          const after = await eventCount();
          if (res.status >= 500)
            failures.push(`${route.method.toUpperCase()} ${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          if (res.status >= 400 && res.status < 500 && after !== before)
            failures.push(`${route.method.toUpperCase()} ${path} → ${res.status} but appended ${after - before}`);
          if (res.status >= 400 && (typeof res.body?.message !== 'string' || typeof res.body?.statusCode !== 'number')) {
            failures.push(`${route.method.toUpperCase()} ${path} → ${res.status} without the error format`);
          }
          return true;
        },
      ),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261122) },
    );
  }
  console.log(`[fuzz] ${cases} random requests over ${all.length} routes (${RUNS} per route)`);
  expect(failures).toEqual([]);
}, 300_000);
