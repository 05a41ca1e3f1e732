import { useQuery } from '@tanstack/react-query';
import { Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { m } from '../../i18n';
import { percent, todayInShanghai } from '../../shared/format';
import { Loading, Problem } from '../../shared/Problem';

function months(): string[] {
  const [y, mo] = todayInShanghai().split('-').map(Number);
  return Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(y, mo - 1 - i, 1)).toISOString().slice(0, 7));
}

/** 部门排行: the month's ranking by score, on-time rate and satisfaction (scoring.md). */
export default function RankingsPage() {
  const options = useMemo(months, []);
  const [period, setPeriod] = useState(options[0]);
  const q = useQuery({
    queryKey: ['rankings', period],
    queryFn: () => unwrap(api.GET('/api/public/rankings', { params: { query: { period } } })),
  });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {m.rankings.title}
        </Typography.Title>
        <Select
          aria-label={m.rankings.period}
          value={period}
          onChange={setPeriod}
          options={options.map((o) => ({ value: o, label: o }))}
          style={{ width: 120 }}
        />
      </Space>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <Problem error={q.error} />
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {m.rankings.who}
          </Typography.Paragraph>
          <Table
            rowKey="departmentId"
            pagination={false}
            // On a phone six columns squeezed a department's name to one character a line: the table
            // keeps its width and scrolls sideways instead.
            scroll={{ x: 'max-content' }}
            dataSource={q.data.items}
            columns={[
              { title: m.rankings.rank, dataIndex: 'rank', width: 70 },
              { title: m.rankings.department, dataIndex: 'name' },
              { title: m.rankings.received, dataIndex: 'received' },
              { title: m.rankings.onTimeRate, dataIndex: 'respondedOnTimeRate', render: (v: number | null) => percent(v) },
              { title: m.rankings.satisfactionRate, dataIndex: 'satisfactionRate', render: (v: number | null) => percent(v) },
              { title: m.rankings.score, dataIndex: 'score' },
            ]}
          />
          {q.data.unassessed.length > 0 && (
            <section aria-labelledby="rankings-unassessed">
              <Typography.Title level={2} id="rankings-unassessed" style={{ fontSize: 16 }}>
                {m.rankings.unassessed}
              </Typography.Title>
              <Typography.Paragraph type="secondary">{m.rankings.unassessedHint}</Typography.Paragraph>
              <Typography.Paragraph>{q.data.unassessed.map((d) => d.name).join('、')}</Typography.Paragraph>
            </section>
          )}
        </>
      )}
    </Space>
  );
}
