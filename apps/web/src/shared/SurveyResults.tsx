import { Empty, List, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { Chart } from '../public/Chart';
import { QuestionResult, sm } from './surveys';

type Row = NonNullable<QuestionResult['options']>[number];

/** One question's counts: a bar chart (its words for screen readers) and the same numbers as a table. */
function ChoiceResult({ r }: { r: QuestionResult }) {
  const rows = r.options ?? [];
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: {},
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((o) => o.label), inverse: true },
      series: [{ type: 'bar', data: rows.map((o) => o.count), itemStyle: { color: '#8b0000' }, label: { show: true, position: 'right' } }],
    }),
    [rows],
  );
  return (
    <>
      <Chart option={option} summary={sm.results.chart(r.text, rows)} height={Math.max(120, rows.length * 40)} />
      <Table<Row>
        size="small"
        rowKey="label"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: sm.results.option, dataIndex: 'label' },
          { title: sm.results.count, dataIndex: 'count' },
          { title: sm.results.percent, dataIndex: 'percent', render: (p: number) => `${p}%` },
        ]}
      />
      {r.kind === 'scale' && (
        <Typography.Paragraph style={{ marginTop: 8 }}>
          {sm.results.answered} {r.answered ?? 0} · {sm.results.mean} <strong data-testid="scale-mean">{r.mean ?? '—'}</strong>
        </Typography.Paragraph>
      )}
    </>
  );
}

/** The results of a survey, question by question (the public page once allowed, and the department's page). */
export function SurveyResults({ results }: { results: QuestionResult[] }) {
  return (
    <div data-testid="survey-results">
      {results.map((r, i) => (
        <section key={r.questionId} aria-labelledby={`result-${r.questionId}`} style={{ marginBottom: 24 }}>
          <Typography.Title level={3} id={`result-${r.questionId}`} style={{ fontSize: 16 }}>
            {i + 1}. {r.text}（{sm.kind[r.kind]}）
          </Typography.Title>
          {r.kind === 'text' ? (
            (r.texts ?? []).length === 0 ? (
              <Empty description={sm.results.noTexts} />
            ) : (
              <List
                size="small"
                bordered
                dataSource={r.texts}
                renderItem={(t, j) => (
                  <List.Item key={j} style={{ whiteSpace: 'pre-wrap' }}>
                    {t}
                  </List.Item>
                )}
              />
            )
          ) : (
            <ChoiceResult r={r} />
          )}
        </section>
      ))}
    </div>
  );
}
