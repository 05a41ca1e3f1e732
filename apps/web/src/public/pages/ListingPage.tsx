import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Input, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { label, m } from '../../i18n';
import { formatDate, todayInShanghai } from '../../shared/format';
import { Loading, Problem } from '../../shared/Problem';
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

export function ListingPage() {
  const [params, setParams] = useSearchParams();
  const filters = listingFilters(params);
  const [q, setQ] = useState(filters.q ?? '');
  const departments = useDepartments();
  const categories = useCategories();
  const districts = useDistricts();
  const districtName = useDistrictName();
  const set = (key: string, value?: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const list = useInfiniteQuery({
    queryKey: listingKey(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/public/petitions', { params: { query: listingQuery(filters, pageParam) } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // the answers a server-rendered page came with are not asked again as soon as it hydrates
    staleTime: 30_000,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {m.listing.title}
      </Typography.Title>
      <search>
        <Flex wrap gap={8} style={{ marginBottom: 16 }}>
          {/* A GET form: on a server-rendered page the search works before the JavaScript arrives;
              after, Input.Search's onSearch does it and the form's own submission is cancelled. */}
          <form method="get" action="/" onSubmit={(e) => e.preventDefault()} style={{ display: 'contents' }}>
            <Input.Search
              name="q"
              aria-label={m.listing.searchLabel}
              placeholder={m.listing.searchPlaceholder}
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(v) => set('q', v.trim() || undefined)}
              enterButton={
                <Button type="primary" htmlType="submit">
                  {m.common.search}
                </Button>
              }
              allowClear
              style={{ maxWidth: 360 }}
            />
          </form>
          <Select
            aria-label={m.listing.department}
            placeholder={m.listing.department}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 200 }}
            value={filters.departmentId}
            onChange={(v?: string) => set('department', v)}
            options={departments.data?.items.map((d) => ({ value: d.id, label: d.name }))}
          />
          <Select
            aria-label={m.listing.category}
            placeholder={m.listing.category}
            allowClear
            style={{ width: 160 }}
            value={filters.categoryId}
            onChange={(v?: string) => set('category', v)}
            options={categories.data?.items.map((c) => ({ value: c.id, label: c.name }))}
          />
          <Select
            aria-label={m.listing.district}
            placeholder={m.listing.district}
            allowClear
            style={{ width: 130 }}
            value={filters.district}
            onChange={(v?: string) => set('district', v)}
            // The districts (6 digits); a street's cases are in its district's.
            options={districts.data?.items.filter((d) => d.code.length === 6).map((d) => ({ value: d.code, label: d.name }))}
          />
          <Select
            aria-label={m.listing.status}
            placeholder={m.listing.status}
            allowClear
            style={{ width: 120 }}
            value={filters.status}
            onChange={(v?: string) => set('status', v)}
            options={STATUSES.map((s) => ({ value: s, label: label(m.status, s) }))}
          />
          <Select
            aria-label={m.listing.month}
            placeholder={m.listing.month}
            allowClear
            style={{ width: 130 }}
            value={filters.month}
            onChange={(v?: string) => set('month', v)}
            options={recentMonths().map((mo) => ({ value: mo, label: mo }))}
          />
        </Flex>
      </search>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <Problem error={list.error} />
      ) : items.length === 0 ? (
        <Empty description={m.listing.empty} />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {items.map((p) => {
            const reopened = reopenedSince(p) !== undefined;
            return (
              <article
                key={p.trackingCode}
                data-testid="listing-item"
                style={{ background: '#fff', border: '1px solid #f0f0f0', borderRadius: 8, padding: '12px 16px' }}
              >
                <Typography.Title level={2} style={{ fontSize: 17, margin: 0 }}>
                  <Link to={`/cases/${p.trackingCode}`}>{p.title}</Link>
                </Typography.Title>
                <Space wrap size={4} style={{ margin: '6px 0' }}>
                  <Tag color={TAG.red}>{label(m.status, p.status)}</Tag>
                  <Tag>{label(m.kind, p.kind)}</Tag>
                  {p.department?.name && <Tag color={TAG.blue}>{p.department.name}</Tag>}
                  {p.category?.name && <Tag>{p.category.name}</Tag>}
                  {p.districtCode && <Tag data-testid="listing-district">{districtName(p.districtCode)}</Tag>}
                  {reopened && (
                    <Tag color={TAG.amber} data-testid="listing-reopened">
                      {m.case.reopened}
                    </Tag>
                  )}
                  <Typography.Text type="secondary">
                    {m.listing.submittedAt} {formatDate(p.submittedAt)} · {p.citizen}
                  </Typography.Text>
                </Space>
                <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2 }}>
                  {p.excerpt}
                </Typography.Paragraph>
                {p.answer && (
                  <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }} ellipsis={{ rows: 2 }}>
                    {reopened ? m.case.earlierAnswer : m.listing.answer}：{p.answer}
                  </Typography.Paragraph>
                )}
              </article>
            );
          })}
          {list.hasNextPage && (
            <Button block onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {m.common.more}
            </Button>
          )}
        </Space>
      )}
    </>
  );
}
