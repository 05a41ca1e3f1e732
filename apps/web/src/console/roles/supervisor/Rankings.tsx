import { useQuery } from '@tanstack/react-query';
import { DatePicker, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../../api/client';
import { m } from '../../../i18n';
import { percent } from '../../../shared/format';
import { Problem } from '../../../shared/Problem';

/** 部门排行 of a month, as the public site shows it (GET /api/public/rankings). */
export default function Rankings() {
  const [period, setPeriod] = useState(() => dayjs().format('YYYY-MM'));
  const q = useQuery({
    queryKey: ['rankings', period],
    queryFn: () => unwrap(api.GET('/api/public/rankings', { params: { query: { period } } })),
  });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {m.console.rankings}
      </Typography.Title>
      <label htmlFor="rank-period" style={{ marginRight: 8 }}>
        {m.console.period}
      </label>
      <DatePicker
        id="rank-period"
        picker="month"
        allowClear={false}
        value={dayjs(`${period}-01`)}
        onChange={(d) => d && setPeriod(d.format('YYYY-MM'))}
        style={{ marginBottom: 16 }}
      />
      {q.isError ? (
        <Problem error={q.error} />
      ) : (
        <Table
          rowKey="departmentId"
          loading={q.isPending}
          pagination={false}
          dataSource={q.data?.items ?? []}
          columns={[
            { title: m.console.rank, dataIndex: 'rank' },
            { title: m.case.department, dataIndex: 'name' },
            { title: m.console.received, dataIndex: 'received' },
            { title: m.console.onTimeRate, key: 'ot', render: (_, r) => percent(r.respondedOnTimeRate) },
            { title: m.console.satisfactionRate, key: 'sat', render: (_, r) => percent(r.satisfactionRate) },
            { title: m.console.score, dataIndex: 'score' },
          ]}
        />
      )}
    </>
  );
}
