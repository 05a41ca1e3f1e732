import { useQuery } from '@tanstack/react-query';
import { Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../../api/client';
import { label, m } from '../../../i18n';
import { formatTime } from '../../../shared/format';
import { Problem } from '../../../shared/Problem';

/** GET /api/audit/access-log declares no response schema: apps/api/src/audit/shared/personal-data-access-log.ts. */
interface Entry {
  id: string;
  accessedAt: string;
  sub: string;
  roles: string[];
  petitionId: string;
  route: string;
  reason: string;
}

/** 访问日志: every read of unmasked personal data, who, when, which case and why. */
export default function AccessLog() {
  const [petitionId, setPetitionId] = useState('');
  const q = useQuery({
    queryKey: ['access-log', petitionId],
    queryFn: () =>
      unwrap(
        api.GET('/api/audit/access-log', { params: { query: { limit: 100, ...(petitionId ? { petitionId } : {}) } } }),
      ) as unknown as Promise<{ items: Entry[] }>,
  });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {m.console.accessLog}
      </Typography.Title>
      <Space style={{ marginBottom: 16 }}>
        <label htmlFor="log-case">{m.console.caseId}</label>
        <Input.Search
          id="log-case"
          allowClear
          enterButton={m.common.search}
          onSearch={(v) => setPetitionId(v.trim())}
          style={{ width: 420 }}
        />
      </Space>
      {q.isError ? (
        <Problem error={q.error} />
      ) : (
        <Table<Entry>
          rowKey="id"
          size="small"
          loading={q.isPending}
          pagination={false}
          dataSource={q.data?.items ?? []}
          columns={[
            { title: m.console.since, key: 'at', render: (_, e) => formatTime(e.accessedAt) },
            {
              title: m.console.reader,
              key: 'who',
              render: (_, e) => `${e.sub}（${e.roles.map((r) => label(m.console.roles, r)).join('、')}）`,
            },
            { title: m.console.caseId, dataIndex: 'petitionId' },
            { title: m.console.route, dataIndex: 'route' },
            { title: m.console.reason, key: 'reason', render: (_, e) => label(m.console.accessReasons, e.reason) },
          ]}
        />
      )}
    </>
  );
}
