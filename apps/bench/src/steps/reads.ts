import { departments } from '@wenzheng/reference-data';
import { Random } from '../generator';
import { Latency, elapsedMs, latency } from '../harness/stats';
import { DISTRICTS, STREETS } from '../generator/texts';

// Listing and Chinese search on the sunshine page (GET /api/public/petitions), one request at a
// time over loopback HTTP, as a citizen's browser would: the latency of each request alone.

export interface ReadsOptions {
  readonly baseUrl: string;
  /** Requests measured per kind (listing, search). */
  readonly requests: number;
  readonly warmup?: number;
  /** Year of the data set (date filters fall in it). */
  readonly year: number;
}

export interface ReadsResult {
  /** Rows in the public listing when measured. */
  readonly publicRows?: number;
  readonly listing: Latency;
  readonly search: Latency;
  /** p95 per query shape, to see which shape bounds the figure. */
  readonly byShape: Record<string, Latency>;
  readonly errors: number;
}

/** Words citizens search for: frequent, middling and rare in the generated texts, and one that never occurs. */
export const SEARCH_TERMS = [
  '停水',
  '噪音',
  '物业',
  '电梯',
  '拖欠工资',
  '违章停车',
  '学位',
  '油烟',
  '公交',
  '井盖',
  '低保',
  '退费',
  '自来水 发黄',
  '鹿城区 施工',
  '瑞安市 物业',
  '电动车被盗',
  '养老服务',
  '宅基地',
  '不动产权证',
  '河道 发臭',
  '量子计算机',
];

/** The shapes measured against the search target (50 ms); every other shape, 'next page' included, against the listing's (15 ms). */
export const SEARCH_SHAPES: readonly string[] = ['search', 'search in department'];

/** The slowest shape of a kind by its p95 (issue 15 item 4: the target holds for every filter shape, not their mix). */
export function worstShape(result: Pick<ReadsResult, 'byShape'>, kind: 'listing' | 'search'): { name: string; p95Ms: number } | undefined {
  const of = Object.entries(result.byShape).filter(([name]) => SEARCH_SHAPES.includes(name) === (kind === 'search'));
  const [name, latency] = of.sort(([, a], [, b]) => b.p95Ms - a.p95Ms)[0] ?? [];
  return name === undefined || latency === undefined ? undefined : { name, p95Ms: latency.p95Ms };
}

interface Shape {
  readonly name: string;
  readonly kind: 'listing' | 'search';
  query(r: Random): string;
}

function shapes(year: number): Shape[] {
  const month = (r: Random) => String(r.int(1, 12)).padStart(2, '0');
  return [
    { name: 'newest', kind: 'listing', query: () => '' },
    { name: 'by department', kind: 'listing', query: (r) => `departmentId=${r.pick(departments).id}` },
    { name: 'by kind', kind: 'listing', query: (r) => `kind=${r.pick(['complaint', 'consultation', 'help', 'suggestion'])}` },
    { name: 'by status', kind: 'listing', query: (r) => `status=${r.pick(['closed', 'responded', 'in_progress'])}` },
    // Every district and county the generator's cases name (the smallest, 洞头区 and 泰顺县, a fiftieth of them each).
    { name: 'by district', kind: 'listing', query: (r) => `district=${r.pick(DISTRICTS).areaCode}` },
    {
      // Streets 001 to 012 of a district, of which the cases name 001 to 009 (STREETS): a quarter of these
      // name a street with no case, as a citizen may (any well-formed code is accepted).
      name: 'by street',
      kind: 'listing',
      query: (r) => `district=${r.pick(DISTRICTS).areaCode}${String(r.int(1, STREETS + 3)).padStart(3, '0')}`,
    },
    {
      name: 'one month',
      kind: 'listing',
      query: (r) => {
        const m = month(r);
        return `from=${year}-${m}-01&to=${year}-${m}-28`;
      },
    },
    { name: 'search', kind: 'search', query: (r) => `q=${encodeURIComponent(r.pick(SEARCH_TERMS))}` },
    {
      name: 'search in department',
      kind: 'search',
      query: (r) => `q=${encodeURIComponent(r.pick(SEARCH_TERMS))}&departmentId=${r.pick(departments).id}`,
    },
  ];
}

export async function readsStep(o: ReadsOptions): Promise<ReadsResult> {
  const r = new Random('reads', o.year);
  const all = shapes(o.year);
  const byShape = new Map<string, number[]>();
  const listing: number[] = [];
  const search: number[] = [];
  let errors = 0;
  const get = async (query: string): Promise<{ ms: number; body?: { items: unknown[]; nextCursor?: string } }> => {
    const started = process.hrtime.bigint();
    const res = await fetch(`${o.baseUrl}/api/public/petitions${query ? `?${query}` : ''}`);
    const body = res.ok ? ((await res.json()) as { items: unknown[]; nextCursor?: string }) : undefined;
    if (!res.ok) {
      await res.text();
      errors++;
    }
    return { ms: elapsedMs(started), body };
  };
  for (let i = 0; i < (o.warmup ?? 50); i++) await get(r.pick(all).query(r));
  const listingShapes = all.filter((s) => s.kind === 'listing');
  const searchShapes = all.filter((s) => s.kind === 'search');
  for (let i = 0; i < o.requests; i++) {
    for (const [shapesOfKind, into] of [
      [listingShapes, listing],
      [searchShapes, search],
    ] as const) {
      const shape = shapesOfKind[i % shapesOfKind.length];
      const query = shape.query(r);
      const first = await get(query);
      into.push(first.ms);
      const list = byShape.get(shape.name) ?? [];
      list.push(first.ms);
      byShape.set(shape.name, list);
      // Every fourth listing also turns the page (keyset cursor).
      if (shape.kind === 'listing' && i % 4 === 0 && first.body?.nextCursor) {
        const next = await get(`${query ? `${query}&` : ''}cursor=${encodeURIComponent(first.body.nextCursor)}`);
        into.push(next.ms);
        const pages = byShape.get('next page') ?? [];
        pages.push(next.ms);
        byShape.set('next page', pages);
      }
    }
  }
  return {
    listing: latency(listing),
    search: latency(search),
    byShape: Object.fromEntries([...byShape].map(([k, v]) => [k, latency(v)])),
    errors,
  };
}
