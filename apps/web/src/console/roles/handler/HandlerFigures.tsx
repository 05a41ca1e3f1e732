import { useQuery } from '@tanstack/react-query';
import { DatePicker, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../../api/client';
import { m } from '../../../i18n';
import { Problem } from '../../../shared/Problem';
import { currentSession } from '../../session';

/** 承办人统计: the department's own figures per named handler (not public; another department's are 403). */
export default function HandlerFigures() {
  const departmentId = currentSession()?.departmentId ?? '';
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs().startOf('month').add(1, 'month')]);
  const [from, to] = range.map((d) => d.format('YYYY-MM-DD'));
  const q = useQuery({
    queryKey: ['handler-figures', departmentId, from, to],
    enabled: departmentId !== '',
    queryFn: () =>
      unwrap(api.GET('/api/reports/departments/{departmentId}/handlers', { params: { path: { departmentId }, query: { from, to } } })),
  });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {m.console.handlerFigures}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <span id="figures-period">{m.console.figuresPeriod}</span>
        <DatePicker.RangePicker
          aria-labelledby="figures-period"
          allowClear={false}
          value={range}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
        />
      </Space>
      {q.isError ? (
        <Problem error={q.error} />
      ) : (
        <Table
          rowKey="handlerId"
          loading={q.isPending && departmentId !== ''}
          pagination={false}
          dataSource={q.data?.handlers ?? []}
          columns={[
            { title: m.console.handlerName, dataIndex: 'handlerName' },
            { title: m.console.handlerAccount, dataIndex: 'handlerId' },
            { title: m.console.figuresAssigned, dataIndex: 'assigned' },
            { title: m.console.figuresAnswered, dataIndex: 'answered' },
            { title: m.console.figuresOverdue, dataIndex: 'overdue' },
            { title: m.console.figuresAverage, dataIndex: 'averageWorkingDays', render: (v?: number | null) => v ?? '—' },
          ]}
        />
      )}
    </>
  );
}
