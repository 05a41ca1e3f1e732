import { useQuery } from '@tanstack/react-query';
import { Empty, List, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { formatDate } from '../../shared/format';
import { Loading, Problem } from '../../shared/Problem';
import { useDepartments } from '../../shared/reference';
import { SURVEY_STATUS_COLOR, SurveyList, sm } from '../../shared/surveys';

/** 网上调查: every survey, newest first, with its period and how many took part. */
export default function SurveysPage() {
  const departments = useDepartments();
  const q = useQuery({
    queryKey: ['public-surveys'],
    queryFn: async () => (await unwrap(api.GET('/api/public/surveys', { params: { query: { limit: 100 } } }))) as unknown as SurveyList,
  });
  if (q.isError) return <Problem error={q.error} />;
  if (q.isPending) return <Loading />;
  const name = (id: string) => departments.data?.items.find((d) => d.id === id)?.name ?? '';
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {sm.title}
      </Typography.Title>
      <Typography.Paragraph>{sm.intro}</Typography.Paragraph>
      {q.data.items.length === 0 ? (
        <Empty description={sm.empty} />
      ) : (
        <List
          itemLayout="vertical"
          dataSource={q.data.items}
          renderItem={(s) => (
            <List.Item key={s.id} data-testid="survey-item">
              <Typography.Title level={2} style={{ fontSize: 18 }}>
                <Link to={`/surveys/${s.id}`}>{s.title}</Link>
              </Typography.Title>
              <Tag color={SURVEY_STATUS_COLOR[s.status]}>{sm.status[s.status]}</Tag>
              <span>
                {name(s.departmentId)} · {sm.period} {formatDate(s.opensAt)} {sm.to} {formatDate(s.closesAt)} · {sm.responses}{' '}
                {sm.count(s.responses)}
              </span>
            </List.Item>
          )}
        />
      )}
    </>
  );
}
