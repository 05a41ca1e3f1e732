import { useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../../api/client';
import type { Schemas } from '../../../api/types';
import { label, m } from '../../../i18n';
import { formatTime } from '../../../shared/format';
import { Problem } from '../../../shared/Problem';
import { useDepartments } from '../../../shared/reference';
import { TAG } from '../../../shared/colors';

type Filter = {
  q?: string;
  trackingCode?: string;
  phone?: string;
  status?: Schemas['CaseSearchItem']['status'];
  channel?: Schemas['CaseSearchItem']['channel'];
  departmentId?: string;
  overdue?: boolean;
};
const STATUSES = ['submitted', 'accepted', 'dispatched', 'in_progress', 'returned', 'responded', 'rated', 'closed'] as const;
/** The channels the API takes (libs/petition CHANNELS), each with its label. */
const CHANNELS = [
  'hotline_12345',
  'web',
  'wechat',
  'weibo',
  'app',
  'email',
] as const satisfies readonly Schemas['CaseSearchItem']['channel'][];

/** 案件查询 (GET /api/cases): by words, tracking code, the caller's phone, status, channel, department, overdue. */
export default function CaseSearch() {
  const [filter, setFilter] = useState<Filter>({});
  const departments = useDepartments();
  const q = useQuery({
    queryKey: ['cases', filter],
    queryFn: () => {
      const query = Object.fromEntries(
        Object.entries({ ...filter, overdue: filter.overdue ? 'true' : undefined }).filter(([, v]) => v !== undefined && v !== ''),
      );
      return unwrap(api.GET('/api/cases', { params: { query: { ...query, limit: 50 } } }));
    },
  });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {m.console.search}
      </Typography.Title>
      <Form<Filter> layout="inline" name="case-search" onFinish={(v) => setFilter(v)} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="q" label={m.console.keyword}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="trackingCode" label={m.console.trackingCode}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="phone" label={m.console.phone}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="status" label={m.listing.status}>
          <Select allowClear style={{ width: 120 }} options={STATUSES.map((s) => ({ value: s, label: label(m.status, s) }))} />
        </Form.Item>
        <Form.Item name="channel" label={m.console.channel}>
          <Select allowClear style={{ width: 130 }} options={CHANNELS.map((c) => ({ value: c, label: label(m.channel, c) }))} />
        </Form.Item>
        <Form.Item name="departmentId" label={m.case.department}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 200 }}
            options={departments.data?.items.map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
        <Form.Item name="overdue" valuePropName="checked">
          <Checkbox>{m.console.overdueOnly}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {m.common.search}
        </Button>
      </Form>
      {q.isError ? (
        <Problem error={q.error} />
      ) : (
        <Table
          rowKey="id"
          loading={q.isPending}
          pagination={false}
          dataSource={q.data?.items ?? []}
          columns={[
            { title: m.case.trackingCode, dataIndex: 'trackingCode' },
            { title: m.submit.subject, dataIndex: 'title', render: (t: string, r) => <Link to={`/cases/${r.id}`}>{t}</Link> },
            {
              title: m.listing.status,
              key: 'status',
              render: (_, r) => <Tag color={r.overdue ? TAG.red : undefined}>{label(m.status, r.status)}</Tag>,
            },
            { title: m.console.channel, key: 'channel', render: (_, r) => label(m.channel, r.channel) },
            { title: m.case.department, key: 'dept', render: (_, r) => r.department?.name ?? '' },
            { title: m.listing.submittedAt, key: 'at', render: (_, r) => formatTime(r.submittedAt) },
            { title: m.console.age, dataIndex: 'ageWorkingDays' },
          ]}
        />
      )}
    </>
  );
}
