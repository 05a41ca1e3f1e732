import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Select, Space, Statistic, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Schemas } from '../../api/types';
import { label, m } from '../../i18n';
import { percent, todayInShanghai } from '../../shared/format';
import { Loading, Problem } from '../../shared/Problem';
import { Chart } from '../Chart';

/** Periods offered, each [from, to) in whole months up to the end of this one. */
function periods(): { value: string; label: string; from: string; to: string }[] {
  const today = todayInShanghai();
  const [y, mo] = today.split('-').map(Number);
  const nextMonth = new Date(Date.UTC(y, mo, 1)).toISOString().slice(0, 10);
  const monthsBack = (n: number) => new Date(Date.UTC(y, mo - n, 1)).toISOString().slice(0, 10);
  return [
    { value: '12m', label: '近12个月', from: monthsBack(12), to: nextMonth },
    { value: 'year', label: `${y}年`, from: `${y}-01-01`, to: nextMonth },
    { value: '3m', label: '近3个月', from: monthsBack(3), to: nextMonth },
  ];
}

/** The API's 按期办复率, the rankings' definition: null while no answer deadline has passed. */
type Rated = { respondedOnTimeRate: number | null };
/** Highest first, departments without a rate yet last. */
const byRate = (a: Rated, b: Rated) => (b.respondedOnTimeRate ?? -1) - (a.respondedOnTimeRate ?? -1);

export default function StatisticsPage() {
  const options = useMemo(periods, []);
  const [period, setPeriod] = useState(options[0].value);
  const p = options.find((o) => o.value === period)!;
  const q = useQuery({
    queryKey: ['statistics', p.from, p.to],
    queryFn: () => unwrap(api.GET('/api/public/statistics', { params: { query: { from: p.from, to: p.to } } })),
  });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {m.statistics.title}
        </Typography.Title>
        <Select aria-label={m.statistics.range} value={period} onChange={setPeriod} options={options} style={{ width: 140 }} />
      </Space>
      {q.isPending ? <Loading /> : q.isError ? <Problem error={q.error} /> : <Charts s={q.data} />}
    </Space>
  );
}

function Charts({ s }: { s: Schemas['StatisticsView'] }) {
  const total = s.total as Schemas['StatisticsFigures'];
  const ratings = (total.ratings ?? {}) as { satisfied?: number; basicallySatisfied?: number; unsatisfied?: number };
  const depts = [...s.departments].sort(byRate);
  const bar = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
    grid: { left: 8, right: 16, bottom: 8, top: 16, containLabel: true },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: depts.map((d) => d.departmentName ?? d.departmentId) },
    series: [
      {
        type: 'bar',
        name: m.statistics.onTimeRate,
        data: depts.map((d) => (d.respondedOnTimeRate === null ? null : Math.round(d.respondedOnTimeRate * 1000) / 10)),
        itemStyle: { color: '#b71c1c' },
      },
    ],
  };
  const line = {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, bottom: 8, top: 16, containLabel: true },
    xAxis: { type: 'category', data: s.months.map((mo) => mo.month) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'line',
        name: m.statistics.received,
        data: s.months.map((mo) => (mo.total as Schemas['StatisticsFigures']).received),
        smooth: true,
      },
    ],
  };
  const pie = {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        data: [
          { name: label(m.satisfaction, 'satisfied'), value: ratings.satisfied ?? 0, itemStyle: { color: '#389e0d' } },
          { name: label(m.satisfaction, 'basically_satisfied'), value: ratings.basicallySatisfied ?? 0, itemStyle: { color: '#faad14' } },
          { name: label(m.satisfaction, 'unsatisfied'), value: ratings.unsatisfied ?? 0, itemStyle: { color: '#cf1322' } },
        ],
      },
    ],
  };
  return (
    <>
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Statistic title={m.statistics.received} value={total.received} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={m.statistics.accepted} value={total.accepted} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={m.statistics.answered} value={total.answered} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={m.statistics.onTimeRate}
            valueRender={() => (
              <span data-testid="on-time-rate">
                {total.respondedOnTimeRate === null ? (
                  <Tooltip title={m.statistics.noDeadlinePassed}>
                    <span tabIndex={0} aria-label={m.statistics.noDeadlinePassed}>
                      {percent(null)}
                    </span>
                  </Tooltip>
                ) : (
                  percent(total.respondedOnTimeRate)
                )}
              </span>
            )}
          />
        </Col>
      </Row>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.statistics.onTimeByDepartment}</h2>}>
        <Chart
          testId="chart-on-time"
          option={bar}
          height={Math.max(240, depts.length * 28)}
          summary={depts
            .map(
              (d) =>
                `${d.departmentName}: ${d.respondedOnTimeRate === null ? m.statistics.noDeadlinePassed : percent(d.respondedOnTimeRate)}`,
            )
            .join('; ')}
        />
        {/* An empty chart said nothing: the rates appear once a department's deadlines have passed. */}
        {depts.every((d) => d.respondedOnTimeRate === null) && (
          <Typography.Text type="secondary" data-testid="on-time-pending">
            {m.statistics.onTimePending}
          </Typography.Text>
        )}
      </Card>
      <Row gutter={16}>
        <Col xs={24} md={14}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.statistics.monthlyVolume}</h2>}>
            <Chart
              testId="chart-monthly"
              option={line}
              summary={s.months.map((mo) => `${mo.month}: ${(mo.total as Schemas['StatisticsFigures']).received}`).join('; ')}
            />
          </Card>
        </Col>
        <Col xs={24} md={10}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.statistics.satisfaction}</h2>}>
            <Chart
              testId="chart-satisfaction"
              option={pie}
              summary={`${label(m.satisfaction, 'satisfied')} ${ratings.satisfied ?? 0}, ${label(m.satisfaction, 'basically_satisfied')} ${ratings.basicallySatisfied ?? 0}, ${label(m.satisfaction, 'unsatisfied')} ${ratings.unsatisfied ?? 0}`}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
