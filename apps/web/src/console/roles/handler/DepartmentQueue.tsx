import { useQuery } from '@tanstack/react-query';
import { Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api, unwrap } from '../../../api/client';
import { label, m } from '../../../i18n';
import { formatTime } from '../../../shared/format';
import { Problem } from '../../../shared/Problem';
import { queueRows, type Light } from './lights';
import { TAG } from '../../../shared/colors';

const COLOR: Record<Light, string> = TAG;

/** 本部门待办: every case of the department with its next deadline, red/amber/green (with words, not colour alone). */
export default function DepartmentQueue() {
  const q = useQuery({
    queryKey: ['queue', 'department'],
    queryFn: () => unwrap(api.GET('/api/queues/department', { params: { query: { limit: 200 } } })),
  });
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
          { title: m.console.deadline, key: 'light', render: (_, r) => <Tag color={TAG[r.light]}>{m.console.light[r.light]}</Tag> },
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
        ]}
      />
    </>
  );
}
