import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Descriptions, Empty, Form, Input, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, idempotencyKey, unwrap } from '../../api/client';
import { formatDate, formatTime } from '../../shared/format';
import { showApiErrors } from '../../shared/form-errors';
import { Loading, Problem } from '../../shared/Problem';
import { useDepartments } from '../../shared/reference';
import { PublicConsultation, STATUS_COLOR, cm } from '../../shared/consultations';

interface OpinionValues {
  text: string;
  anonymous: boolean;
  private: boolean;
}

/** 发表意见: anyone, during the period; moderated before it is public, never public when kept private. */
function OpinionForm({ id, queryKey }: { id: string; queryKey: readonly unknown[] }) {
  const [form] = Form.useForm<OpinionValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const qc = useQueryClient();
  const send = useMutation({
    mutationFn: (v: OpinionValues) =>
      unwrap(
        api.POST('/api/consultations/{id}/opinions', {
          params: { path: { id }, header: { 'Idempotency-Key': idempotencyKey() } },
          body: { text: v.text, anonymous: v.anonymous, private: v.private },
        }),
      ),
    onMutate: () => setGeneral([]),
    onError: (e) => setGeneral(showApiErrors(form, e, ['text', 'private', 'anonymous'])),
    onSuccess: () => {
      form.resetFields();
      void qc.invalidateQueries({ queryKey });
    },
  });
  return (
    <Form form={form} layout="vertical" name="opinion" initialValues={{ anonymous: true, private: false }} onFinish={(v) => send.mutate(v)}>
      <Typography.Paragraph type="secondary">{cm.form.hint}</Typography.Paragraph>
      <Form.Item name="text" label={cm.form.text} rules={[{ required: true, message: `${cm.form.text}不能为空` }]}>
        <Input.TextArea rows={5} maxLength={5000} showCount />
      </Form.Item>
      <Form.Item name="anonymous" valuePropName="checked" style={{ marginBottom: 4 }}>
        <Checkbox>{cm.form.anonymous}</Checkbox>
      </Form.Item>
      <Form.Item name="private" valuePropName="checked">
        <Checkbox>{cm.form.private}</Checkbox>
      </Form.Item>
      {send.isSuccess && <Alert type="success" showIcon title={cm.form.sent} role="status" style={{ marginBottom: 12 }} />}
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} role="alert" style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={send.isPending}>
        {cm.form.submit}
      </Button>
    </Form>
  );
}

/** One consultation: the draft, its period, the counts, the published opinions and the feedback summary. */
export default function ConsultationPage() {
  const { id = '' } = useParams();
  const departments = useDepartments();
  const queryKey = ['public-consultation', id] as const;
  const q = useQuery({
    queryKey,
    queryFn: async () =>
      (await unwrap(api.GET('/api/public/consultations/{id}', { params: { path: { id } } }))) as unknown as PublicConsultation,
  });
  if (q.isError) return <Problem error={q.error} />;
  if (q.isPending) return <Loading />;
  const c = q.data;
  const now = Date.now();
  const open = c.status === 'open' && now >= Date.parse(c.opensAt) && now < Date.parse(c.closesAt);
  return (
    <article>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {c.title}
      </Typography.Title>
      <Tag color={STATUS_COLOR[c.status]}>{cm.status[c.status]}</Tag>
      <Descriptions
        column={{ xs: 1, sm: 2 }}
        style={{ marginTop: 12 }}
        items={[
          { key: 'dept', label: cm.department, children: departments.data?.items.find((d) => d.id === c.departmentId)?.name ?? '' },
          { key: 'period', label: cm.period, children: `${formatDate(c.opensAt)} ${cm.to} ${formatDate(c.closesAt)}` },
          {
            key: 'received',
            label: cm.opinionsReceived,
            children: <span data-testid="opinions-received">{cm.count(c.opinionsReceived)}</span>,
          },
          { key: 'published', label: cm.opinionsPublished, children: cm.count(c.opinionsPublished) },
          ...(c.contact ? [{ key: 'contact', label: cm.contact, children: c.contact }] : []),
          { key: 'due', label: cm.summaryDueBy, children: formatDate(c.summaryDueBy) },
        ]}
      />
      <section aria-labelledby="draft">
        <Typography.Title level={2} id="draft" style={{ fontSize: 18 }}>
          {cm.draft}
        </Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{c.draft}</Typography.Paragraph>
        {c.attachments?.length ? (
          <Typography.Paragraph>
            {cm.attachments}：
            {c.attachments.map((a) => (
              <a key={a.url} href={a.url} target="_blank" rel="noopener noreferrer" style={{ marginInlineEnd: 12 }}>
                {a.name}
              </a>
            ))}
          </Typography.Paragraph>
        ) : null}
      </section>
      <section aria-labelledby="summary" data-testid="summary">
        <Typography.Title level={2} id="summary" style={{ fontSize: 18 }}>
          {cm.summary}
        </Typography.Title>
        {c.summary ? (
          <>
            <Typography.Paragraph type="secondary">
              {formatTime(c.summary.publishedAt)}
              {c.summary.late ? ` · ${cm.summaryLate}` : ''}
            </Typography.Paragraph>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{c.summary.text}</Typography.Paragraph>
            <List
              dataSource={c.summary.items}
              renderItem={(item, i) => (
                <List.Item key={i}>
                  <span>
                    <Tag>{cm.outcome[item.outcome]}</Tag>
                    <strong>{item.topic}</strong>：{item.reason}
                  </span>
                </List.Item>
              )}
            />
          </>
        ) : (
          <Typography.Paragraph type="secondary">{cm.noSummary}</Typography.Paragraph>
        )}
      </section>
      <section aria-labelledby="opinions">
        <Typography.Title level={2} id="opinions" style={{ fontSize: 18 }}>
          {cm.opinions}
        </Typography.Title>
        {c.opinions.length === 0 ? (
          <Empty description={cm.noOpinions} />
        ) : (
          <List
            dataSource={c.opinions}
            renderItem={(o) => (
              <List.Item key={o.opinionId} data-testid="public-opinion">
                <List.Item.Meta description={formatTime(o.submittedAt)} />
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{o.text}</Typography.Paragraph>
              </List.Item>
            )}
          />
        )}
      </section>
      <section aria-labelledby="opinion-form">
        <Typography.Title level={2} id="opinion-form" style={{ fontSize: 18 }}>
          {cm.form.title}
        </Typography.Title>
        {open ? (
          <OpinionForm id={id} queryKey={queryKey} />
        ) : (
          <Alert type="info" showIcon title={now < Date.parse(c.opensAt) ? cm.form.notOpenYet : cm.form.closed} />
        )}
      </section>
    </article>
  );
}
