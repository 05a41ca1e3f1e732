import { useQuery } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import { m } from '../../../i18n';
import { formatTime, percent, todayInShanghai } from '../../../shared/format';
import { Problem } from '../../../shared/Problem';
import { currentSession } from '../../session';

/**
 * The file is fetched with the bearer token (a plain link would carry none) and saved as a blob,
 * under the name the API gives in Content-Disposition.
 */
async function download(from: string, to: string, format: 'csv' | 'xlsx', asOf?: string): Promise<void> {
  const res = await fetch(`/api/reports/assessment?${new URLSearchParams({ from, to, format, ...(asOf && { asOf }) })}`, {
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

/** The API's periods are [from 00:00, to 00:00) Asia/Shanghai: the day after the last day picked. */
export const exclusiveEnd = (lastDay: string): string => dayjs(lastDay).add(1, 'day').format('YYYY-MM-DD');

/** 2026年12月1日至12月31日 (the year again only when it changes). */
export function periodText(first: string, last: string): string {
  const [fy, fm, fd] = first.split('-').map(Number);
  const [ly, lm, ld] = last.split('-').map(Number);
  return m.console.reportPeriodText(`${fy}年${fm}月${fd}日`, `${ly === fy ? '' : `${ly}年`}${lm}月${ld}日`);
}

const DEDUCTIONS_PAGE = 20;

/**
 * 考核报表 for a period picked as people read it, both days included (12-01 → 12-31 is all of
 * December); the API is sent the exclusive end. Figures per department, then the deductions a page
 * at a time (GET /api/reports/assessment/deductions); every one is in the downloads.
 */
export default function AssessmentReport() {
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => {
    const first = dayjs(todayInShanghai()).startOf('month');
    return [first, first.endOf('month').startOf('day')];
  });
  const [from, last] = range.map((d) => d.format('YYYY-MM-DD'));
  const to = exclusiveEnd(last);
  const [problem, setProblem] = useState<string>();
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['report', from, to],
    queryFn: () => unwrap(api.GET('/api/reports/assessment', { params: { query: { from, to } } })),
  });
  // Every page of the deductions, and the downloads, at the figures' report time (asOf): asked at the
  // time of each click instead, deadlines passed meanwhile moved rows between pages (one shown twice,
  // another never) and the pages disagreed with the figures above them.
  const asOf = q.data?.asOf;
  const deductions = useQuery({
    queryKey: ['report-deductions', from, to, asOf, page],
    enabled: asOf !== undefined,
    queryFn: () =>
      unwrap(
        api.GET('/api/reports/assessment/deductions', {
          params: { query: { from, to, asOf, offset: (page - 1) * DEDUCTIONS_PAGE, limit: DEDUCTIONS_PAGE } },
        }),
      ),
  });
  const save = (format: 'csv' | 'xlsx') => {
    setProblem(undefined);
    download(from, to, format, asOf).catch((e: unknown) => setProblem(e instanceof Error ? e.message : String(e)));
  };
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {m.console.report}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 8 }}>
        <span id="report-period">{m.console.reportPeriod}</span>
        <DatePicker.RangePicker
          aria-labelledby="report-period"
          aria-describedby="report-period-text"
          allowClear={false}
          value={range}
          onChange={(v) => {
            if (!v?.[0] || !v[1]) return;
            setRange([v[0], v[1]]);
            setPage(1);
          }}
        />
        <Button onClick={() => save('csv')}>{m.console.downloadCsv}</Button>
        <Button type="primary" onClick={() => save('xlsx')}>
          {m.console.downloadXlsx}
        </Button>
      </Space>
      <Typography.Paragraph id="report-period-text" data-testid="report-period-text">
        {periodText(from, last)}
      </Typography.Paragraph>
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
      <Typography.Title level={2} id="report-deductions" style={{ fontSize: 16, marginTop: 24 }}>
        {m.console.deductions}
      </Typography.Title>
      {deductions.isError ? (
        <Problem error={deductions.error} />
      ) : (
        <>
          {deductions.data && (
            <Typography.Paragraph data-testid="deductions-count">
              {m.console.deductionsCount(deductions.data.total)}{' '}
              <Button type="link" size="small" onClick={() => save('xlsx')} style={{ padding: 0 }}>
                {m.console.downloadDeductions}
              </Button>
            </Typography.Paragraph>
          )}
          <Table
            aria-labelledby="report-deductions"
            rowKey={(r) => `${r.eventId}|${r.rule}|${r.deadlineEventId ?? ''}|${r.deadline ?? ''}`}
            loading={q.isPending || deductions.isLoading}
            dataSource={deductions.data?.items ?? []}
            pagination={{
              current: page,
              pageSize: DEDUCTIONS_PAGE,
              total: deductions.data?.total ?? 0,
              showSizeChanger: false,
              onChange: setPage,
            }}
            columns={[
              { title: m.console.deductionDepartment, dataIndex: 'departmentName' },
              { title: m.console.deductionCase, dataIndex: 'trackingCode', render: (v: string | null) => v ?? '—' },
              {
                title: m.console.deductionReason,
                key: 'reason',
                render: (_, r) => `${r.ruleLabel}（${r.evidenceLabel}）`,
              },
              { title: m.console.deductionDue, dataIndex: 'dueAt', render: (v: string | null) => (v ? formatTime(v) : '—') },
              { title: m.console.deductionAt, dataIndex: 'at', render: (v: string) => formatTime(v) },
              { title: m.console.deductionPoints, dataIndex: 'points' },
            ]}
          />
        </>
      )}
    </>
  );
}
