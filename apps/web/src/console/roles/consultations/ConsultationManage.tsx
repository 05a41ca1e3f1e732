import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, idempotencyKey, unwrap } from '../../../api/client';
import { TAG } from '../../../shared/colors';
import { formatDate, formatTime } from '../../../shared/format';
import { showApiErrors } from '../../../shared/form-errors';
import { Problem } from '../../../shared/Problem';
import { AdoptionOutcome, ManagedConsultation, ManagedOpinion, cm } from '../../../shared/consultations';

interface SummaryValues {
  text: string;
  items: { opinionId?: string; topic: string; outcome: AdoptionOutcome; reason: string }[];
}

const OUTCOMES: AdoptionOutcome[] = ['adopted', 'partly_adopted', 'not_adopted'];

/** 采纳情况反馈: after the period, one line per topic or opinion (adopted / partly / not, with the reason). */
function SummaryForm({ c, refresh }: { c: ManagedConsultation; refresh: () => void }) {
  const [form] = Form.useForm<SummaryValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const publish = useMutation({
    mutationFn: (v: SummaryValues) =>
      unwrap(
        api.POST('/api/consultations/{id}/summary', {
          params: { path: { id: c.id }, header: { 'Idempotency-Key': idempotencyKey() } },
          body: { text: v.text, items: v.items ?? [] },
        }),
      ),
    onMutate: () => setGeneral([]),
    onError: (e) => setGeneral(showApiErrors(form, e, ['text'])),
    onSuccess: refresh,
  });
  const required = (label: string) => [{ required: true, message: `${label}不能为空` }];
  return (
    <Form
      form={form}
      layout="vertical"
      name="feedback-summary"
      initialValues={{ items: [{ outcome: 'adopted' }] }}
      onFinish={(v) => publish.mutate(v)}
      style={{ maxWidth: 900 }}
    >
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Space key={f.key} align="start" wrap data-testid={`summary-item-${i}`}>
                <Form.Item name={[f.name, 'topic']} label={cm.topic} rules={required(cm.topic)}>
                  <Input style={{ width: 180 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'outcome']} label={cm.console.outcomeField} rules={required(cm.console.outcomeField)}>
                  <Select style={{ width: 120 }} options={OUTCOMES.map((o) => ({ value: o, label: cm.outcome[o] }))} />
                </Form.Item>
                <Form.Item name={[f.name, 'reason']} label={cm.reason} rules={required(cm.reason)}>
                  <Input style={{ width: 260 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'opinionId']} label={cm.console.opinion}>
                  <Select
                    allowClear
                    style={{ width: 200 }}
                    options={c.opinions.map((o) => ({ value: o.opinionId, label: o.text.slice(0, 20) }))}
                  />
                </Form.Item>
                <Button onClick={() => remove(f.name)} style={{ marginTop: 30 }}>
                  {cm.console.removeItem}
                </Button>
              </Space>
            ))}
            <Form.Item>
              <Button onClick={() => add({ outcome: 'adopted' })}>{cm.console.addItem}</Button>
            </Form.Item>
          </>
        )}
      </Form.List>
      <Form.Item name="text" label={cm.console.summaryText} rules={required(cm.console.summaryText)}>
        <Input.TextArea rows={4} />
      </Form.Item>
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} role="alert" style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={publish.isPending}>
        {cm.console.publishSummary}
      </Button>
    </Form>
  );
}

/** The department's view of one consultation: moderation of opinions, closing, the feedback summary, the red light. */
export default function ConsultationManage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const queryKey = ['consultation', id] as const;
  const q = useQuery({
    queryKey,
    queryFn: async () => (await unwrap(api.GET('/api/consultations/{id}', { params: { path: { id } } }))) as unknown as ManagedConsultation,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey });
  const [error, setError] = useState<string>();
  const moderate = useMutation({
    mutationFn: (v: { opinionId: string; decision: 'published' | 'rejected' }) =>
      unwrap(
        api.POST('/api/consultations/{id}/opinions/{opinionId}/moderation', {
          params: { path: { id, opinionId: v.opinionId }, header: { 'Idempotency-Key': idempotencyKey() } },
          body: { decision: v.decision },
        }),
      ),
    onMutate: () => setError(undefined),
    onError: (e) => setError(e instanceof Error ? e.message : String(e)),
    onSuccess: refresh,
  });
  const close = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/consultations/{id}/close', { params: { path: { id }, header: { 'Idempotency-Key': idempotencyKey() } } })),
    onMutate: () => setError(undefined),
    onError: (e) => setError(e instanceof Error ? e.message : String(e)),
    onSuccess: refresh,
  });
  if (q.isError) return <Problem error={q.error} />;
  if (q.isPending) return null;
  const c = q.data;
  const periodOver = Date.now() >= Date.parse(c.closesAt);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {c.title}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag data-testid="consultation-status">{cm.status[c.status]}</Tag>
        {c.redLight && (
          <Tag color={TAG.red} data-testid="red-light">
            {cm.console.redLight}（{formatDate(c.redLight.dueAt)}）
          </Tag>
        )}
        <a href={`/consultations/${c.id}`} target="_blank" rel="noreferrer">
          {cm.console.view}
        </a>
      </Space>
      <Descriptions
        column={{ xs: 1, sm: 3 }}
        items={[
          { key: 'period', label: cm.period, children: `${formatDate(c.opensAt)} ${cm.to} ${formatDate(c.closesAt)}` },
          { key: 'received', label: cm.opinionsReceived, children: c.opinionsReceived },
          { key: 'published', label: cm.opinionsPublished, children: c.opinionsPublished },
          { key: 'pending', label: cm.console.pending, children: c.opinionsPending },
          { key: 'private', label: cm.console.private, children: c.opinionsPrivate },
          { key: 'due', label: cm.summaryDueBy, children: formatDate(c.summaryDueBy) },
        ]}
      />
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {cm.console.moderation}
      </Typography.Title>
      <Table<ManagedOpinion>
        rowKey="opinionId"
        pagination={false}
        dataSource={c.opinions}
        columns={[
          { title: cm.opinions, dataIndex: 'text', render: (t: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{t}</span> },
          { title: '', key: 'submitted', render: (_, o) => formatTime(o.submittedAt) },
          {
            title: '',
            key: 'status',
            render: (_, o) => (
              <Space>
                <Tag>{cm.console.opinionStatus[o.status]}</Tag>
                {o.private && <Tag>{cm.console.private}</Tag>}
              </Space>
            ),
          },
          {
            title: '',
            key: 'actions',
            render: (_, o) =>
              o.status === 'pending' && (
                <Space>
                  {!o.private && (
                    <Button size="small" type="primary" onClick={() => moderate.mutate({ opinionId: o.opinionId, decision: 'published' })}>
                      {cm.console.publishOpinion}
                    </Button>
                  )}
                  <Button size="small" onClick={() => moderate.mutate({ opinionId: o.opinionId, decision: 'rejected' })}>
                    {cm.console.rejectOpinion}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      {c.status === 'open' && periodOver && (
        <Button style={{ marginTop: 16 }} onClick={() => close.mutate()} loading={close.isPending}>
          {cm.console.close}
        </Button>
      )}
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
        {cm.summary}
      </Typography.Title>
      {c.summary ? (
        <>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{c.summary.text}</Typography.Paragraph>
          {c.summary.items.map((item, i) => (
            <Typography.Paragraph key={i}>
              <Tag>{cm.outcome[item.outcome]}</Tag>
              <strong>{item.topic}</strong>：{item.reason}
            </Typography.Paragraph>
          ))}
        </>
      ) : c.status === 'closed' ? (
        <SummaryForm c={c} refresh={refresh} />
      ) : (
        <Typography.Paragraph type="secondary">{cm.noSummary}</Typography.Paragraph>
      )}
    </>
  );
}
