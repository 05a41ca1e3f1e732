import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, idempotencyKey, unwrap } from '../../../api/client';
import { formatTime } from '../../../shared/format';
import { showApiErrors } from '../../../shared/form-errors';
import { Problem } from '../../../shared/Problem';
import { QuestionKind, ResultsVisibility, SurveyList, sm } from '../../../shared/surveys';

interface QuestionValues {
  kind: QuestionKind;
  text: string;
  /** One option a line, in the form; a list for the API. */
  options?: string;
  required: boolean;
}

interface SurveyValues {
  title: string;
  description?: string;
  opensAt: string;
  closesAt: string;
  resultsVisibility: ResultsVisibility;
  questions: QuestionValues[];
}

const KINDS: QuestionKind[] = ['single', 'multiple', 'scale', 'text'];
const VISIBILITIES: ResultsVisibility[] = ['live', 'after_close', 'staff'];
const FIELDS = ['title', 'description', 'opensAt', 'closesAt', 'resultsVisibility', 'questions'];

/** The instant of a Beijing wall-clock time from a datetime-local input, as the API takes it. */
export const beijing = (local: string) => `${local.length === 16 ? `${local}:00` : local}+08:00`;

const required = (label: string) => [{ required: true, message: `${label}不能为空` }];
const hasOptions = (kind: QuestionKind | undefined) => kind === 'single' || kind === 'multiple';

/** 发布网上调查: the questions editor; a handler publishes for the department of the token. */
function PublishSurvey() {
  const [form] = Form.useForm<SurveyValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const navigate = useNavigate();
  const publish = useMutation({
    mutationFn: (v: SurveyValues) =>
      unwrap(
        api.POST('/api/surveys', {
          params: { header: { 'Idempotency-Key': idempotencyKey() } },
          body: {
            title: v.title,
            ...(v.description ? { description: v.description } : {}),
            opensAt: beijing(v.opensAt),
            closesAt: beijing(v.closesAt),
            resultsVisibility: v.resultsVisibility,
            // Question ids are the position (q1, q2 …): the answers and the export name them.
            questions: (v.questions ?? []).map((q, i) => ({
              id: `q${i + 1}`,
              kind: q.kind,
              text: q.text,
              ...(hasOptions(q.kind)
                ? {
                    options: (q.options ?? '')
                      .split('\n')
                      .map((o) => o.trim())
                      .filter(Boolean),
                  }
                : {}),
              required: q.required,
            })),
          },
        }),
      ),
    onMutate: () => setGeneral([]),
    onError: (e) => {
      const questions = (form.getFieldValue('questions') as unknown[] | undefined) ?? [];
      const each = questions.flatMap((_, i) => ['kind', 'text', 'options', 'required'].map((k) => `questions.${i}.${k}`));
      // The questions' own fields first: `questions` alone would take their errors to the list.
      setGeneral(showApiErrors(form, e, [...each, ...FIELDS]));
    },
    onSuccess: (r) => navigate(`/handler/surveys/${(r as { id: string }).id}`),
  });
  return (
    <Form
      form={form}
      layout="vertical"
      name="publish-survey"
      initialValues={{ resultsVisibility: 'live', questions: [{ kind: 'single', required: true }] }}
      onFinish={(v) => publish.mutate(v)}
      style={{ maxWidth: 860 }}
    >
      <Form.Item name="title" label={sm.console.titleField} rules={required(sm.console.titleField)}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="description" label={sm.console.descriptionField}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="opensAt" label={sm.console.opensAt} rules={required(sm.console.opensAt)}>
          <Input type="datetime-local" step={1} />
        </Form.Item>
        <Form.Item name="closesAt" label={sm.console.closesAt} rules={required(sm.console.closesAt)}>
          <Input type="datetime-local" step={1} />
        </Form.Item>
        <Form.Item name="resultsVisibility" label={sm.console.visibility}>
          <Select style={{ width: 200 }} options={VISIBILITIES.map((v) => ({ value: v, label: sm.console.visibilities[v] }))} />
        </Form.Item>
      </Space>
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {sm.console.questions}
      </Typography.Title>
      <Form.List name="questions">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Card
                key={f.key}
                size="small"
                title={sm.console.question(i)}
                style={{ marginBottom: 12 }}
                data-testid={`survey-question-${i}`}
                extra={
                  fields.length > 1 && (
                    <Button size="small" onClick={() => remove(f.name)}>
                      {sm.console.removeQuestion}
                    </Button>
                  )
                }
              >
                <Space align="start" wrap>
                  <Form.Item name={[f.name, 'kind']} label={`${sm.console.question(i)}${sm.console.questionKind}`}>
                    <Select style={{ width: 140 }} options={KINDS.map((k) => ({ value: k, label: sm.kind[k] }))} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'text']}
                    label={`${sm.console.question(i)}${sm.console.questionText}`}
                    rules={required(sm.console.questionText)}
                  >
                    <Input style={{ width: 420 }} maxLength={500} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'required']} valuePropName="checked" style={{ marginTop: 30 }}>
                    <Checkbox>{sm.console.required}</Checkbox>
                  </Form.Item>
                </Space>
                <Form.Item noStyle shouldUpdate>
                  {() =>
                    hasOptions(form.getFieldValue(['questions', f.name, 'kind']) as QuestionKind) && (
                      <Form.Item name={[f.name, 'options']} label={`${sm.console.question(i)}${sm.console.options}`}>
                        <Input.TextArea rows={4} />
                      </Form.Item>
                    )
                  }
                </Form.Item>
              </Card>
            ))}
            <Form.Item>
              <Button onClick={() => add({ kind: 'single', required: true })}>{sm.console.addQuestion}</Button>
            </Form.Item>
          </>
        )}
      </Form.List>
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} role="alert" style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={publish.isPending}>
        {sm.console.publish}
      </Button>
    </Form>
  );
}

/** 本部门网上调查: the department's surveys with their counts, then the form for a new one. */
export default function Surveys() {
  const q = useQuery({
    queryKey: ['surveys', 'department'],
    queryFn: async () => (await unwrap(api.GET('/api/surveys', { params: { query: { limit: 100 } } }))) as unknown as SurveyList,
  });
  if (q.isError) return <Problem error={q.error} />;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {sm.console.list}
      </Typography.Title>
      <Table
        rowKey="id"
        loading={q.isPending}
        pagination={false}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: sm.console.none }}
        columns={[
          { title: sm.console.titleField, dataIndex: 'title', render: (t: string, r) => <Link to={`/handler/surveys/${r.id}`}>{t}</Link> },
          { title: sm.period, key: 'period', render: (_, r) => `${formatTime(r.opensAt)} ${sm.to} ${formatTime(r.closesAt)}` },
          { title: sm.responses, dataIndex: 'responses' },
          { title: sm.console.visibility, key: 'visibility', render: (_, r) => sm.console.visibilities[r.resultsVisibility] },
          { title: '', key: 'status', render: (_, r) => <Tag>{sm.status[r.status]}</Tag> },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 32 }}>
        {sm.console.create}
      </Typography.Title>
      <PublishSurvey />
    </>
  );
}
