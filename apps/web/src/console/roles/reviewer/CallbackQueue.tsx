import { useInfiniteQuery } from '@tanstack/react-query';
import { Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api, unwrap } from '../../../api/client';
import { label, m } from '../../../i18n';
import { formatTime } from '../../../shared/format';
import { Problem } from '../../../shared/Problem';
import { TAG } from '../../../shared/colors';
import { MoreButton } from './MoreButton';

/** 待回访: answered cases whose caller holds no key (ratedByCallBack), the longest answered first, with the rating window's end. */
export default function CallbackQueue() {
  const q = useInfiniteQuery({
    queryKey: ['queue', 'callbacks'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/queues/callbacks', { params: { query: { cursor: pageParam, limit: 50 } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Back from a 回访 just recorded: asked again on every visit (the read model follows the command by moments).
    refetchOnMount: 'always',
  });
  if (q.isError) return <Problem error={q.error} />;
  const items = q.data?.pages.flatMap((p) => p.items);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {m.console.callbackQueue}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{m.console.callbackQueueHint}</Typography.Paragraph>
      <Table
        rowKey="petitionId"
        loading={q.isPending}
        pagination={false}
        dataSource={items}
        locale={{ emptyText: m.console.callbackQueueEmpty }}
        columns={[
          { title: m.case.trackingCode, dataIndex: 'trackingCode' },
          { title: m.submit.subject, dataIndex: 'title', render: (t: string, r) => <Link to={`/callbacks/${r.petitionId}`}>{t}</Link> },
          { title: m.submit.kind, dataIndex: 'kind', render: (k: string) => label(m.kind, k) },
          { title: m.console.channel, dataIndex: 'channel', render: (c: string) => label(m.channel, c) },
          { title: m.console.answeredBy, key: 'department', render: (_, r) => r.department?.name ?? '' },
          { title: m.console.answeredAt, dataIndex: 'respondedAt', render: (t: string) => formatTime(t) },
          {
            title: m.console.callbackBy,
            key: 'rateBy',
            render: (_, r) =>
              r.rateBy ? (
                <span data-testid="callback-by">
                  {r.windowClosed && <Tag color={TAG.red}>{m.console.callbackWindowClosed}</Tag>}
                  {formatTime(r.rateBy)}
                </span>
              ) : (
                ''
              ),
          },
          {
            title: m.console.reopenedTimes,
            dataIndex: 'reopenCount',
            render: (n: number) => (n > 0 ? <Tag color={TAG.amber}>{`${m.console.reopenedTimes} ${n}`}</Tag> : ''),
          },
          {
            title: '',
            key: 'open',
            render: (_, r) => (
              <Link to={`/callbacks/${r.petitionId}`} aria-label={`${m.console.callback} ${r.trackingCode}`}>
                {m.console.callback}
              </Link>
            ),
          },
        ]}
      />
      <MoreButton q={q} />
    </>
  );
}
