import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { label, m } from '../../i18n';
import { formatDate, todayInShanghai } from '../../shared/format';
import { useCategories, useDepartments, useDistrictName, useDistricts } from '../../shared/reference';
import { TAG } from '../../shared/colors';
import { reopenedSince } from '../../shared/reopened';
import { listingFilters, listingKey, listingQuery, STATUSES } from '../listing';

/** The last 24 months, newest first, as YYYY-MM. */
function recentMonths(): string[] {
  const [y, mo] = todayInShanghai().split('-').map(Number);
  return Array.from({ length: 24 }, (_, i) => {
    const d = new Date(Date.UTC(y, mo - 1 - i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

/** A filter's native select: its first option, "all", is the empty value the URL leaves out. */
function Filter({
  name,
  title,
  value,
  options,
  width,
}: {
  name: string;
  title: string;
  value?: string;
  options?: { value: string; label: string }[];
  width: number;
}) {
  return (
    <select
      name={name}
      aria-label={title}
      defaultValue={value ?? ''}
      style={{ width }}
      // after hydration a filter applies as soon as it is chosen; before, with the search button
      onChange={(e) => e.currentTarget.form?.requestSubmit()}
    >
      <option value="">
        {m.common.all}
        {title}
      </option>
      {options?.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** A whole tracking code as a citizen may type it (the API's parseTrackingCode decides; this only tells a code from words). */
const looksLikeWholeCode = (text: string): boolean =>
  /^WZ[0-9OIL]{8}[^0-9A-Z]?[0-9A-Z]{10}$/i.test(text.normalize('NFKC').replace(/[\s\u200b-\u200f\u2060\ufeff]/g, ''));

/**
 * The landing page. Drawn by the server (entry-server.tsx) and usable before its JavaScript arrives,
 * or without any (README, Fast 3G): the search and the filters are one native GET form on `/` whose
 * answer is the filtered page, each case and the next page are plain links. The controls stay
 * uncontrolled (defaultValue, the URL's): hydration neither redraws them nor wipes what a visitor
 * typed or chose meanwhile; once hydrated, the form's submission becomes a client-side navigation.
 * No antd here: its JavaScript and CSS-in-JS made the page wait 2.8 s on Fast 3G.
 */
export function ListingPage() {
  const [params, setParams] = useSearchParams();
  const filters = listingFilters(params);
  const departments = useDepartments();
  const categories = useCategories();
  const districts = useDistricts();
  const districtName = useDistrictName();
  const list = useInfiniteQuery({
    queryKey: listingKey(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/public/petitions', { params: { query: listingQuery(filters, pageParam) } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // the answers a server-rendered page came with are not asked again as soon as it hydrates
    staleTime: 30_000,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  // A new URL (a filter applied, back, the header's link) shows its values in the same controls: not
  // drawn anew, which would drop the focus of a keyboard user choosing with the arrows. Not at the
  // first render: hydration keeps what a visitor typed or chose before the script arrived.
  const form = useRef<HTMLFormElement>(null);
  const shown = useRef(params.toString());
  useEffect(() => {
    if (shown.current === params.toString() || !form.current) return;
    shown.current = params.toString();
    const values = {
      q: filters.q,
      department: filters.departmentId,
      category: filters.categoryId,
      district: filters.district,
      status: filters.status,
      month: filters.month,
    };
    for (const [name, value] of Object.entries(values)) {
      const control = form.current.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
      if (control) control.value = value ?? '';
    }
  });
  const navigate = useNavigate();
  const submit = (form: HTMLFormElement) => {
    // A tracking code typed into the search (where a citizen naturally types one) opens its case: the
    // words' search finds no case by its code. The case page reads it as typed (case, width, dashes, O for 0).
    const typed = new FormData(form).get('q');
    if (typeof typed === 'string' && looksLikeWholeCode(typed)) return void navigate(`/cases/${encodeURIComponent(typed.trim())}`);
    const next = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v.trim()) next.set(k, v.trim());
    // The controls show these values already. Recorded now, not at the render of the new URL: React
    // may skip that render (a back that comes before it), and the URL gone back to would then look
    // like the one already shown, its values never put back in the controls.
    shown.current = next.toString();
    setParams(next);
  };
  // the page after the last one shown, for a visitor without JavaScript
  const nextCursor = list.data?.pages.at(-1)?.nextCursor;
  const nextHref = nextCursor
    ? `/?${new URLSearchParams([...[...params].filter(([k]) => k !== 'after'), ['after', nextCursor]])}`
    : undefined;
  return (
    <>
      <h1 className="wz-title">{m.listing.title}</h1>
      <search>
        <form
          method="get"
          action="/"
          className="wz-filters"
          ref={form}
          onSubmit={(e) => {
            e.preventDefault();
            submit(e.currentTarget);
          }}
        >
          <span className="wz-q">
            <input
              type="search"
              name="q"
              aria-label={m.listing.searchLabel}
              placeholder={m.listing.searchPlaceholder}
              defaultValue={filters.q ?? ''}
            />
            <button type="submit">{m.common.search}</button>
          </span>
          <Filter
            name="department"
            title={m.listing.department}
            value={filters.departmentId}
            width={200}
            options={departments.data?.items.map((d) => ({ value: d.id, label: d.name }))}
          />
          <Filter
            name="category"
            title={m.listing.category}
            value={filters.categoryId}
            width={160}
            options={categories.data?.items.map((c) => ({ value: c.id, label: c.name }))}
          />
          <Filter
            name="district"
            title={m.listing.district}
            value={filters.district}
            width={130}
            // The districts (6 digits); a street's cases are in its district's.
            options={districts.data?.items.filter((d) => d.code.length === 6).map((d) => ({ value: d.code, label: d.name }))}
          />
          <Filter
            name="status"
            title={m.listing.status}
            value={filters.status}
            width={120}
            options={STATUSES.map((s) => ({ value: s, label: label(m.status, s) }))}
          />
          <Filter
            name="month"
            title={m.listing.month}
            value={filters.month}
            width={140}
            options={recentMonths().map((mo) => ({ value: mo, label: mo }))}
          />
        </form>
      </search>
      {list.isPending ? (
        <p role="status" className="wz-empty">
          {m.common.loading}
        </p>
      ) : list.isError ? (
        <p role="alert" className="wz-empty">
          {m.errors.generic} {list.error.message}
        </p>
      ) : items.length === 0 ? (
        <p className="wz-empty">
          {m.listing.empty}
          {/* without JavaScript the form comes here: the code's own page, one link away */}
          {filters.q && looksLikeWholeCode(filters.q) && (
            <>
              {' '}
              <Link to={`/cases/${encodeURIComponent(filters.q.trim())}`} data-testid="listing-code-link">
                {m.listing.openByCode}
              </Link>
            </>
          )}
        </p>
      ) : (
        <div className="wz-list">
          {items.map((p) => {
            const reopened = reopenedSince(p) !== undefined;
            return (
              <article key={p.trackingCode} data-testid="listing-item" className="wz-item">
                <h2>
                  <Link to={`/cases/${p.trackingCode}`}>{p.title}</Link>
                </h2>
                <div className="wz-meta">
                  <span className="wz-tag" style={{ background: TAG.red }}>
                    {label(m.status, p.status)}
                  </span>
                  <span className="wz-tag">{label(m.kind, p.kind)}</span>
                  {p.department?.name && (
                    <span className="wz-tag" style={{ background: TAG.blue }}>
                      {p.department.name}
                    </span>
                  )}
                  {p.category?.name && <span className="wz-tag">{p.category.name}</span>}
                  {/* a code the district list cannot name is left out, never printed bare */}
                  {districtName(p.districtCode) && (
                    <span className="wz-tag" data-testid="listing-district">
                      {districtName(p.districtCode)}
                    </span>
                  )}
                  {reopened && (
                    <span className="wz-tag" style={{ background: TAG.amber }} data-testid="listing-reopened">
                      {m.case.reopened}
                    </span>
                  )}
                  <span className="wz-secondary">
                    {m.listing.submittedAt} {formatDate(p.submittedAt)} · {p.citizen}
                  </span>
                </div>
                <p className="wz-clamp">{p.excerpt}</p>
                {p.answer && (
                  <p className="wz-clamp wz-secondary" style={{ marginTop: 6 }}>
                    {reopened ? m.case.earlierAnswer : m.listing.answer}：{p.answer}
                  </p>
                )}
              </article>
            );
          })}
          {nextHref && (
            <a
              className="wz-more"
              href={nextHref}
              aria-busy={list.isFetchingNextPage}
              onClick={(e) => {
                // with JavaScript the next page is added below; without, the link opens it
                e.preventDefault();
                if (!list.isFetchingNextPage) void list.fetchNextPage();
              }}
            >
              {list.isFetchingNextPage ? m.common.loading : m.common.more}
            </a>
          )}
        </div>
      )}
    </>
  );
}
