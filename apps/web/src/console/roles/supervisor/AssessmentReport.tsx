import { useQuery } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import { m } from '../../../i18n';
import { percent } from '../../../shared/format';
import { Problem } from '../../../shared/Problem';
import { currentSession } from '../../session';

/**
 * The file is fetched with the bearer token (a plain link would carry none) and saved as a blob,
 * under the name the API gives in Content-Disposition.
 */
async function download(from: string, to: string, format: 'csv' | 'xlsx'): Promise<void> {
  const res = await fetch(`/api/reports/assessment?${new URLSearchParams({ from, to, format })}`, {
    headers: { Authorization: `Bearer ${currentSession()?.token ?? ''}` },
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new ApiError(res.status, body.message ?? `${m.errors.generic} (${res.status})`);
  }
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(res.headers.get('Content-Disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name ? decodeURIComponent(name) : `assessment-${from}-${to}.${format}`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** 考核报表 for a period (to exclusive, as the API reads it), shown and downloadable as CSV or Excel. */
export default function AssessmentReport() {
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs().startOf('month').add(1, 'month')]);
  const [from, to] = range.map((d) => d.format('YYYY-MM-DD'));
  const [problem, setProblem] = useState<string>();
  const q = useQuery({
    queryKey: ['report', from, to],
    queryFn: () => unwrap(api.GET('/api/reports/assessment', { params: { query: { from, to } } })),
  });
  const save = (format: 'csv' | 'xlsx') => {
    setProblem(undefined);
    download(from, to, format).catch((e: unknown) => setProblem(e instanceof Error ? e.message : String(e)));
  };
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {m.console.report}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <span id="report-period">{m.console.reportPeriod}</span>
        <DatePicker.RangePicker
          aria-labelledby="report-period"
          allowClear={false}
          value={range}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
        />
        <Button onClick={() => save('csv')}>{m.console.downloadCsv}</Button>
        <Button type="primary" onClick={() => save('xlsx')}>
          {m.console.downloadXlsx}
        </Button>
      </Space>
      {problem && <Alert role="alert" type="error" showIcon title={m.errors.generic} description={problem} style={{ marginBottom: 12 }} />}
      {q.isError ? (
        <Problem error={q.error} />
      ) : (
        <Table
          rowKey="departmentId"
          loading={q.isPending}
          pagination={false}
          dataSource={q.data?.departments ?? []}
          columns={[
            { title: m.console.rank, dataIndex: 'rank' },
            { title: m.case.department, dataIndex: 'name' },
            { title: m.console.received, dataIndex: 'received' },
            { title: m.console.onTimeRate, key: 'ot', render: (_, r) => percent(r.respondedOnTimeRate) },
            { title: m.console.satisfactionRate, key: 'sat', render: (_, r) => percent(r.satisfactionRate) },
            { title: m.console.deducted, dataIndex: 'deductedPoints' },
            { title: m.console.score, dataIndex: 'score' },
          ]}
        />
      )}
    </>
  );
}
