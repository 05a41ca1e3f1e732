import { useInfiniteQuery } from '@tanstack/react-query';
import { Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api, unwrap } from '../../../api/client';
import { label, m } from '../../../i18n';
import { formatTime } from '../../../shared/format';
import { Problem } from '../../../shared/Problem';
import { TAG } from '../../../shared/colors';
import { MoreButton } from './MoreButton';
import { reviewLight } from '../handler/lights';

/** 待受理: new cases and returned ones (退单) waiting for re-dispatch, oldest first; new ones with their 审核期限 in red / amber / green. */
export default function ReviewQueue() {
  const q = useInfiniteQuery({
    queryKey: ['queue', 'review'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/queues/review', { params: { query: { cursor: pageParam, limit: 50 } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (q.isError) return <Problem error={q.error} />;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {m.console.reviewQueue}
      </Typography.Title>
      <Table
        rowKey="petitionId"
        loading={q.isPending}
        pagination={false}
        dataSource={q.data?.pages.flatMap((p) => p.items)}
        onRow={(r) => {
          const light = reviewLight(r);
          return (
            light ? { style: { boxShadow: `inset 4px 0 0 ${TAG[light]}` }, 'data-light': light } : {}
          ) as React.HTMLAttributes<HTMLElement>;
        }}
        columns={[
          { title: m.case.trackingCode, dataIndex: 'trackingCode' },
          { title: m.submit.subject, dataIndex: 'title', render: (t: string, r) => <Link to={`/review/${r.petitionId}`}>{t}</Link> },
          {
            title: m.listing.status,
            dataIndex: 'status',
            render: (s: string) => <Tag color={s === 'returned' ? TAG.amber : TAG.blue}>{label(m.status, s)}</Tag>,
          },
          { title: m.submit.kind, dataIndex: 'kind', render: (k: string) => label(m.kind, k) },
          { title: m.console.returnedBy, key: 'returned', render: (_, r) => r.returned?.department.name ?? '' },
          {
            title: m.console.reviewBy,
            key: 'reviewBy',
            render: (_, r) => {
              const light = reviewLight(r);
              return light && r.reviewBy ? (
                <span data-testid="review-by">
                  <Tag color={TAG[light]}>{m.console.reviewLight[light]}</Tag>
                  {formatTime(r.reviewBy)}
                </span>
              ) : (
                ''
              );
            },
          },
          { title: m.console.waitingSince, dataIndex: 'waitingSince', render: (t: string) => formatTime(t) },
          { title: m.console.age, dataIndex: 'ageWorkingDays' },
          {
            title: '',
            key: 'open',
            render: (_, r) => (
              <Link to={`/review/${r.petitionId}`} aria-label={`${m.console.open} ${r.trackingCode}`}>
                {m.console.open}
              </Link>
            ),
          },
        ]}
      />
      <MoreButton q={q} />
    </>
  );
}
