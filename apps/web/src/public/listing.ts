import type { paths } from '../api/schema';

export const STATUSES = ['accepted', 'dispatched', 'in_progress', 'responded', 'rated', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

type ListingQuery = NonNullable<paths['/api/public/petitions']['get']['parameters']['query']>;

/**
 * The listing's filters as its URL carries them (`/?q=…&department=…`): a shared link shows the same
 * cases. The filter form is a native GET form, so without JavaScript its empty fields come as `q=`:
 * an empty value is no filter. `after` is the page's cursor, the "more" link without JavaScript.
 */
export function listingFilters(params: URLSearchParams) {
  const get = (name: string) => params.get(name)?.trim() || undefined;
  return {
    q: get('q'),
    departmentId: get('department'),
    categoryId: get('category'),
    district: get('district'),
    status: get('status') as Status | undefined,
    month: get('month'),
    after: get('after'),
  };
}
export type ListingFilters = ReturnType<typeof listingFilters>;

/**
 * The query cache's key of a listing: the page asks for it, and the server that renders the first
 * page (entry-server.tsx) stores its answer under it for the page to hydrate from.
 */
export const listingKey = (filters: ListingFilters) => ['public-listing', filters] as const;

/** A month's [from, to) as the listing's date filters take them. */
function monthRange(month: string): { from: string; to: string } {
  const [y, mo] = month.split('-').map(Number);
  const next = new Date(Date.UTC(y, mo, 1));
  return { from: `${month}-01`, to: `${next.getUTCFullYear()}-${String(next.getUTCMonth() + 1).padStart(2, '0')}-01` };
}

/** GET /api/public/petitions's query for a page of these filters. */
export function listingQuery(filters: ListingFilters, cursor?: string): ListingQuery {
  return {
    q: filters.q,
    departmentId: filters.departmentId,
    categoryId: filters.categoryId,
    district: filters.district,
    status: filters.status,
    ...(filters.month ? monthRange(filters.month) : {}),
    // a hydrated first page's parameter comes back from JSON as null
    cursor: cursor ?? filters.after,
    limit: 20,
  };
}
