import { useQuery } from '@tanstack/react-query';
import { Empty, List, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { formatTime } from '../../shared/format';
import { INTERVIEW_STATUS_COLOR, InterviewList, im } from '../../shared/interviews';
import { Loading, Problem } from '../../shared/Problem';
import { useDepartments } from '../../shared/reference';

/** 在线访谈: the sessions, the latest first, with topic, guests and time. */
export default function InterviewsPage() {
  const departments = useDepartments();
  const q = useQuery({
    queryKey: ['public-interviews'],
    queryFn: async () =>
      (await unwrap(api.GET('/api/public/interviews', { params: { query: { limit: 100 } } }))) as unknown as InterviewList,
  });
  if (q.isError) return <Problem error={q.error} />;
  if (q.isPending) return <Loading />;
  const name = (id: string) => departments.data?.items.find((d) => d.id === id)?.name ?? '';
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {im.title}
      </Typography.Title>
      <Typography.Paragraph>{im.intro}</Typography.Paragraph>
      {q.data.items.length === 0 ? (
        <Empty description={im.empty} />
      ) : (
        <List
          itemLayout="vertical"
          dataSource={q.data.items}
          renderItem={(i) => (
            <List.Item key={i.id} data-testid="interview-item">
              <Typography.Title level={2} style={{ fontSize: 18 }}>
                <Link to={`/interviews/${i.id}`}>{i.topic}</Link>
              </Typography.Title>
              <Tag color={INTERVIEW_STATUS_COLOR[i.status]}>{im.status[i.status]}</Tag>
              <span>
                {name(i.departmentId)} · {im.time} {formatTime(i.startsAt)} · {im.guests}{' '}
                {i.guests.map((g) => `${g.title} ${g.name}`).join('、')}
              </span>
            </List.Item>
          )}
        />
      )}
    </>
  );
}
