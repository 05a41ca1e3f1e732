import { useQuery } from '@tanstack/react-query';
import { Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api, unwrap } from '../../../api/client';
import { label, m } from '../../../i18n';
import { formatTime } from '../../../shared/format';
import { Problem } from '../../../shared/Problem';
import { useDepartmentName } from '../../../shared/reference';
import { queueRows, type Light } from './lights';
import { TAG } from '../../../shared/colors';

const COLOR: Record<Light, string> = TAG;

/** 本部门待办: every case of the department with its next deadline, red/amber/green (with words, not colour alone). */
export default function DepartmentQueue() {
  const q = useQuery({
    queryKey: ['queue', 'department'],
    queryFn: () => unwrap(api.GET('/api/queues/department', { params: { query: { limit: 200 } } })),
  });
  const name = useDepartmentName();
  const departmentName = (id?: string) => name(id) ?? '';
  if (q.isError) return <Problem error={q.error} />;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {m.console.departmentQueue}
      </Typography.Title>
      <Table
        rowKey="petitionId"
        loading={q.isPending}
        pagination={false}
        dataSource={q.data ? queueRows(q.data) : []}
        onRow={(r) =>
          ({ style: { boxShadow: `inset 4px 0 0 ${COLOR[r.light]}` }, 'data-light': r.light }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          { title: m.console.lightColumn, key: 'light', render: (_, r) => <Tag color={TAG[r.light]}>{m.console.light[r.light]}</Tag> },
          { title: m.case.trackingCode, dataIndex: 'trackingCode' },
          { title: m.submit.subject, dataIndex: 'title', render: (t: string, r) => <Link to={`/handler/${r.petitionId}`}>{t}</Link> },
          { title: m.listing.status, key: 'list', render: (_, r) => label(m.console.lists, r.list) },
          {
            title: m.console.deadline,
            key: 'due',
            render: (_, r) =>
              `${r.nextDeadline.kind === 'acknowledgement' ? m.case.acknowledgeBy : m.case.respondBy} ${formatTime(r.nextDeadline.due)}`,
          },
          { title: m.console.age, dataIndex: 'ageWorkingDays' },
          { title: m.console.currentHandler, dataIndex: 'handlerName' },
        ]}
      />
      {/* 协办 and 下派: cases this department contributes to or was passed, worked for the lead. */}
      {q.data && q.data.coHandling.length > 0 && (
        <>
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 24 }}>
            {m.console.coHandling}
          </Typography.Title>
          <Table
            rowKey="petitionId"
            pagination={false}
            data-testid="co-handling-queue"
            dataSource={q.data.coHandling}
            columns={[
              { title: m.console.role, key: 'role', render: (_, r) => <Tag>{label(m.console.coRole, r.role)}</Tag> },
              { title: m.case.trackingCode, dataIndex: 'trackingCode' },
              { title: m.submit.subject, dataIndex: 'title', render: (t: string, r) => <Link to={`/handler/${r.petitionId}`}>{t}</Link> },
              { title: m.console.coRole.lead, key: 'lead', render: (_, r) => departmentName(r.leadDepartmentId) },
              {
                title: m.console.deadline,
                key: 'due',
                render: (_, r) =>
                  r.contributeBy
                    ? `${m.console.contributeBy} ${formatTime(r.contributeBy)}`
                    : `${m.case.respondBy} ${formatTime(r.respondBy)}`,
              },
            ]}
          />
        </>
      )}
    </>
  );
}
