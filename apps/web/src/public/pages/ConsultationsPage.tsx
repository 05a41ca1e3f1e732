import { useQuery } from '@tanstack/react-query';
import { Empty, List, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { formatDate } from '../../shared/format';
import { Loading, Problem } from '../../shared/Problem';
import { useDepartments } from '../../shared/reference';
import { ConsultationItem, ConsultationPage, STATUS_COLOR, cm } from '../../shared/consultations';

/** 意见征集: every consultation, newest first, with its period and counts. */
export default function ConsultationsPage() {
  const departments = useDepartments();
  const q = useQuery({
    queryKey: ['public-consultations'],
    queryFn: async () =>
      (await unwrap(
        api.GET('/api/public/consultations', { params: { query: { limit: 100 } } }),
      )) as unknown as ConsultationPage<ConsultationItem>,
  });
  if (q.isError) return <Problem error={q.error} />;
  if (q.isPending) return <Loading />;
  const name = (id: string) => departments.data?.items.find((d) => d.id === id)?.name ?? '';
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {cm.title}
      </Typography.Title>
      <Typography.Paragraph>{cm.intro}</Typography.Paragraph>
      {q.data.items.length === 0 ? (
        <Empty description={cm.empty} />
      ) : (
        <List
          itemLayout="vertical"
          dataSource={q.data.items}
          renderItem={(c) => (
            <List.Item key={c.id} data-testid="consultation-item">
              <Typography.Title level={2} style={{ fontSize: 18 }}>
                <Link to={`/consultations/${c.id}`}>{c.title}</Link>
              </Typography.Title>
              <Tag color={STATUS_COLOR[c.status]}>{cm.status[c.status]}</Tag>
              <span>
                {name(c.departmentId)} · {cm.period} {formatDate(c.opensAt)} {cm.to} {formatDate(c.closesAt)} · {cm.opinionsReceived}{' '}
                {cm.count(c.opinionsReceived)} · {cm.opinionsPublished} {cm.count(c.opinionsPublished)}
              </span>
            </List.Item>
          )}
        />
      )}
    </>
  );
}
