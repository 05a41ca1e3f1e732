import type { Pool } from 'pg';
import { PostgresEventStore } from '@wenzheng/event-store';
import { departments } from '@wenzheng/reference-data';
import { PetitionEventCodec } from '@wenzheng/petition-store';
import { SubjectKeyStore } from '@wenzheng/petition-store';
import { Random } from '../generator';
import { Latency, elapsedMs, latency } from '../harness/stats';
import { BENCH_JWT_SECRET } from '../harness/runtime';
import { mintToken } from '../harness/tokens';
import { SEARCH_TERMS } from './reads';

// Staff search (GET /api/cases) as the hotline office uses it, one request at a time: the shapes
// issue 12 names, each answered through its own index of the `cases` table.

export interface CaseSearchResult {
  /** Rows in `cases` when measured. */
  readonly cases: number;
  /** p50/p95 per shape: by tracking code, by phone, by department and status, overdue, q. */
  readonly byShape: Record<string, Latency>;
  /** Every shape together. */
  readonly all: Latency;
  readonly errors: number;
}

/** Tracking codes and the phones behind a sample of cases (the phone read through the codec, as the API would). */
async function samples(pool: Pool, n: number): Promise<{ codes: string[]; phones: string[] }> {
  // Every 97th submission, so the sample spreads over the log rather than its first cases.
  const submitted = await new PostgresEventStore({ pool }).readAll({ filter: { eventTypes: ['PetitionSubmitted'] }, maxCount: n * 97 });
  const rows = submitted.filter((_, i) => i % 97 === 0);
  const codec = new PetitionEventCodec(new SubjectKeyStore(pool));
  const codes: string[] = [];
  const phones: string[] = [];
  for (const stored of rows) {
    const e = await codec.decode(stored);
    if (e.type !== 'PetitionSubmitted') continue;
    codes.push(e.data.trackingCode);
    if (e.data.citizen?.phone) phones.push(e.data.citizen.phone);
  }
  return { codes, phones };
}

export async function caseSearchStep(o: { baseUrl: string; pool: Pool; requests: number; warmup?: number }): Promise<CaseSearchResult> {
  const r = new Random('case-search', 1);
  const { codes, phones } = await samples(o.pool, 200);
  const cases = Number((await o.pool.query<{ n: string }>('select count(*) as n from wz_rm.cases')).rows[0].n);
  const token = await mintToken(BENCH_JWT_SECRET, { sub: 'bench-reviewer', roles: ['reviewer'] });
  const shapes: Array<[string, () => Record<string, string>]> = [
    ['by tracking code', () => ({ trackingCode: codes.length ? r.pick(codes) : 'WZ20260101-0000000000' })],
    ['by phone', () => ({ phone: phones.length ? r.pick(phones) : '13800000000' })],
    ['by department+status', () => ({ departmentId: r.pick(departments).id, status: r.pick(['in_progress', 'closed', 'dispatched']) })],
    ['overdue', () => ({ overdue: 'true' })],
    ['q', () => ({ q: r.pick(SEARCH_TERMS) })],
  ];
  let errors = 0;
  const get = async (query: Record<string, string>): Promise<number> => {
    const started = process.hrtime.bigint();
    const res = await fetch(`${o.baseUrl}/api/cases?${new URLSearchParams(query)}`, { headers: { Authorization: `Bearer ${token}` } });
    await res.text();
    if (!res.ok) errors++;
    return elapsedMs(started);
  };
  for (let i = 0; i < (o.warmup ?? 25); i++) await get(r.pick(shapes)[1]());
  errors = 0;
  const byShape = new Map<string, number[]>(shapes.map(([name]) => [name, []]));
  for (let i = 0; i < o.requests; i++) {
    for (const [name, query] of shapes) byShape.get(name)!.push(await get(query()));
  }
  return {
    cases,
    byShape: Object.fromEntries([...byShape].map(([k, v]) => [k, latency(v)])),
    all: latency([...byShape.values()].flat()),
    errors,
  };
}
