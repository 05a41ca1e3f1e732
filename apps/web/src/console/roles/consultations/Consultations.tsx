import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, idempotencyKey, unwrap } from '../../../api/client';
import { formatDate } from '../../../shared/format';
import { showApiErrors } from '../../../shared/form-errors';
import { Problem } from '../../../shared/Problem';
import { ConsultationItem, ConsultationPage, cm } from '../../../shared/consultations';

interface DraftValues {
  title: string;
  draft: string;
  contact?: string;
  /** One document a line: its name, a space, its https link. */
  attachments?: string;
  /** Beijing wall-clock time from the native inputs, YYYY-MM-DDTHH:mm[:ss]: a period may end at any instant. */
  opensAt: string;
  closesAt: string;
}

/** The instant of a Beijing wall-clock time, as the API takes it (an ISO instant with its offset). */
const beijing = (local: string) => `${local.length === 16 ? `${local}:00` : local}+08:00`;

/** "名称 https://…" lines as the API's attachments; a line without a link keeps its text as the link, for the server to refuse by name. */
export const attachmentLines = (text = '') =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.lastIndexOf(' ');
      return at > 0 ? { name: line.slice(0, at).trim(), url: line.slice(at + 1) } : { name: line, url: line };
    });

/** 发布征求意见稿: a handler publishes for the department of the token. */
function PublishDraft() {
  const [form] = Form.useForm<DraftValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const navigate = useNavigate();
  const publish = useMutation({
    mutationFn: (v: DraftValues) =>
      unwrap(
        api.POST('/api/consultations', {
          params: { header: { 'Idempotency-Key': idempotencyKey() } },
          body: {
            title: v.title,
            draft: v.draft,
            ...(v.contact ? { contact: v.contact } : {}),
            ...(v.attachments?.trim() ? { attachments: attachmentLines(v.attachments) } : {}),
            opensAt: beijing(v.opensAt),
            closesAt: beijing(v.closesAt),
          },
        }),
      ),
    onMutate: () => setGeneral([]),
    onError: (e) => setGeneral(showApiErrors(form, e, ['title', 'draft', 'contact', 'attachments', 'opensAt', 'closesAt'])),
    onSuccess: (r) => navigate(`/handler/consultations/${(r as { id: string }).id}`),
  });
  const required = (label: string) => [{ required: true, message: `${label}不能为空` }];
  return (
    <Form form={form} layout="vertical" name="publish-consultation" onFinish={(v) => publish.mutate(v)} style={{ maxWidth: 760 }}>
      <Form.Item name="title" label={cm.console.titleField} rules={required(cm.console.titleField)}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="draft" label={cm.console.draftField} rules={required(cm.console.draftField)}>
        <Input.TextArea rows={8} />
      </Form.Item>
      <Form.Item name="contact" label={cm.console.contactField}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="attachments" label={cm.console.attachmentsField} extra={cm.console.attachmentsHelp}>
        <Input.TextArea rows={2} placeholder="征求意见稿全文.pdf https://www.example.gov.cn/zqyj/draft.pdf" />
      </Form.Item>
      <Space wrap>
        <Form.Item name="opensAt" label={cm.console.opensAt} rules={required(cm.console.opensAt)}>
          <Input type="datetime-local" step={1} />
        </Form.Item>
        <Form.Item name="closesAt" label={cm.console.closesAt} rules={required(cm.console.closesAt)}>
          <Input type="datetime-local" step={1} />
        </Form.Item>
      </Space>
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} role="alert" style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={publish.isPending}>
        {cm.console.publish}
      </Button>
    </Form>
  );
}

/** 本部门意见征集: the department's consultations with counts, then the form for a new draft. */
export default function Consultations() {
  const q = useQuery({
    queryKey: ['consultations', 'department'],
    queryFn: async () =>
      (await unwrap(api.GET('/api/consultations', { params: { query: { limit: 100 } } }))) as unknown as ConsultationPage<
        ConsultationItem & { opinionsPending?: number }
      >,
  });
  if (q.isError) return <Problem error={q.error} />;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {cm.console.list}
      </Typography.Title>
      <Table
        rowKey="id"
        loading={q.isPending}
        pagination={false}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: cm.console.noConsultations }}
        columns={[
          {
            title: cm.console.titleField,
            dataIndex: 'title',
            render: (t: string, r) => <Link to={`/handler/consultations/${r.id}`}>{t}</Link>,
          },
          { title: cm.period, key: 'period', render: (_, r) => `${formatDate(r.opensAt)} ${cm.to} ${formatDate(r.closesAt)}` },
          { title: cm.opinionsReceived, dataIndex: 'opinionsReceived' },
          { title: cm.opinionsPublished, dataIndex: 'opinionsPublished' },
          { title: cm.summaryDueBy, key: 'due', render: (_, r) => formatDate(r.summaryDueBy) },
          { title: '', key: 'status', render: (_, r) => <Tag>{cm.status[r.status]}</Tag> },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 32 }}>
        {cm.console.create}
      </Typography.Title>
      <PublishDraft />
    </>
  );
}
