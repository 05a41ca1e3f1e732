import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Descriptions, Form, Input, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, idempotencyKey, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { formatTime } from '../../shared/format';
import { showApiErrors } from '../../shared/form-errors';
import { Loading, Problem } from '../../shared/Problem';
import { useDepartments } from '../../shared/reference';
import { SurveyResults } from '../../shared/SurveyResults';
import { PublicSurvey, SURVEY_STATUS_COLOR, SurveyQuestion, sm, surveyRefusal, takingResponses } from '../../shared/surveys';

type AnswerValue = number | number[] | string | undefined;
interface ResponseValues {
  answers?: AnswerValue[];
  phone: string;
  code: string;
}

const SCALE = [1, 2, 3, 4, 5];

/** The control of one question, as Form.Item's direct child (it hands that element its value, onChange and id). */
function answerInput(q: SurveyQuestion) {
  switch (q.kind) {
    case 'single':
      return (
        <Radio.Group aria-label={q.text}>
          <Space direction="vertical">
            {(q.options ?? []).map((o, i) => (
              <Radio key={i} value={i}>
                {o}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      );
    case 'multiple':
      return (
        <Checkbox.Group aria-label={q.text}>
          <Space direction="vertical">
            {(q.options ?? []).map((o, i) => (
              <Checkbox key={i} value={i}>
                {o}
              </Checkbox>
            ))}
          </Space>
        </Checkbox.Group>
      );
    case 'scale':
      return <Radio.Group aria-label={q.text} optionType="button" options={SCALE.map((n) => ({ value: n, label: String(n) }))} />;
    case 'text':
      return <Input.TextArea rows={3} maxLength={2000} showCount />;
  }
}

/**
 * The answers as the API takes them, with the question index of each: unanswered optional questions
 * are left out, so the API's `answers[i]` is mapped back to the question it names.
 */
function toBody(questions: SurveyQuestion[], values: AnswerValue[] = []) {
  const sent = questions
    .map((q, i) => ({ q, i, v: values[i] }))
    .filter(({ v }) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0));
  return {
    answers: sent.map(({ q, v }) =>
      q.kind === 'text'
        ? { questionId: q.id, text: String(v) }
        : q.kind === 'scale'
          ? { questionId: q.id, scale: Number(v) }
          : { questionId: q.id, choices: Array.isArray(v) ? v.map(Number) : [Number(v)] },
    ),
    indexOf: sent.map(({ i }) => i),
  };
}

/** The API names `answers[<index in the body>]`; the form's items are `answers.<question index>`. */
const remapAnswers = (e: unknown, indexOf: number[]) => {
  if (!(e instanceof ApiError)) return e;
  const remap = (s: string) => s.replace(/answers\[(\d+)\]/g, (_, n: string) => `answers[${indexOf[Number(n)] ?? n}]`);
  return new ApiError(
    e.status,
    remap(e.message),
    e.code,
    e.details?.map((d) => ({ ...d, field: remap(d.field), message: remap(d.message) })),
    e.rule,
  );
};

/** 参与调查: the questions, a phone verified by an SMS code (the public site has no citizen sign-in), once per phone. */
function ResponseForm({
  survey,
  refresh,
  onConflict,
}: {
  survey: PublicSurvey;
  refresh: () => void;
  onConflict: (message: string) => void;
}) {
  const [form] = Form.useForm<ResponseValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const fields = [...survey.questions.map((_, i) => `answers.${i}`), 'phone', 'code'];
  const sendCode = useMutation({
    mutationFn: (phone: string) =>
      unwrap(api.POST('/api/surveys/{id}/phone-codes', { params: { path: { id: survey.id } }, body: { phone } })),
    onMutate: () => setGeneral([]),
    onError: (e) => {
      // A 429 (a code a minute ago, or the phone locked) is about the phone too.
      if (e instanceof ApiError && e.status === 429) form.setFields([{ name: 'phone', errors: [surveyRefusal(e)] }]);
      else if (e instanceof ApiError && e.status === 409) onConflict(surveyRefusal(e));
      else setGeneral(showApiErrors(form, e, ['phone']));
    },
  });
  const respond = useMutation({
    mutationFn: async (v: ResponseValues) => {
      const { answers, indexOf } = toBody(survey.questions, v.answers);
      try {
        return await unwrap(
          api.POST('/api/surveys/{id}/responses', {
            params: { path: { id: survey.id }, header: { 'Idempotency-Key': idempotencyKey() } },
            body: { answers, phone: v.phone, code: v.code },
          }),
        );
      } catch (e) {
        throw remapAnswers(e, indexOf);
      }
    },
    onMutate: () => setGeneral([]),
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) onConflict(surveyRefusal(e));
      else if (e instanceof ApiError && e.status === 429) form.setFields([{ name: 'code', errors: [surveyRefusal(e)] }]);
      else setGeneral(showApiErrors(form, e, fields));
    },
    onSuccess: refresh,
  });
  if (respond.isSuccess)
    return <Alert type="success" showIcon title={sm.form.sent} role="status" data-testid="survey-sent" style={{ marginBottom: 12 }} />;
  return (
    <Form form={form} layout="vertical" name="survey-response" onFinish={(v) => respond.mutate(v)} style={{ maxWidth: 760 }}>
      {survey.questions.map((q, i) => (
        <Form.Item
          key={q.id}
          name={['answers', i]}
          label={
            <span>
              {i + 1}. {q.text}
              <Typography.Text type="secondary">
                （{sm.kind[q.kind]}）{q.required ? '' : sm.optional}
              </Typography.Text>
            </span>
          }
          extra={q.kind === 'scale' ? `${sm.scaleLow}，${sm.scaleHigh}` : undefined}
          rules={q.required ? [{ required: true, message: sm.answerRequired }] : []}
        >
          {answerInput(q)}
        </Form.Item>
      ))}
      <Typography.Paragraph type="secondary">{sm.form.hint}</Typography.Paragraph>
      <Space align="start" wrap>
        <Form.Item name="phone" label={sm.form.phone} rules={[{ required: true, message: `${sm.form.phone}不能为空` }]}>
          <Input inputMode="tel" autoComplete="tel" maxLength={20} style={{ width: 200 }} />
        </Form.Item>
        <Button
          style={{ marginTop: 30 }}
          loading={sendCode.isPending}
          onClick={() => void form.validateFields(['phone']).then((v) => sendCode.mutate(v.phone))}
        >
          {sm.form.sendCode}
        </Button>
        <Form.Item name="code" label={sm.form.code} rules={[{ required: true, message: `${sm.form.code}不能为空` }]}>
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} style={{ width: 140 }} />
        </Form.Item>
      </Space>
      {sendCode.isSuccess && <Alert type="info" showIcon title={sm.form.codeSent} role="status" style={{ marginBottom: 12 }} />}
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} role="alert" style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={respond.isPending}>
        {sm.form.submit}
      </Button>
    </Form>
  );
}

/** One survey: its questions, the form while it takes responses, and the results once it shows them. */
export default function SurveyPage() {
  const { id = '' } = useParams();
  const departments = useDepartments();
  const qc = useQueryClient();
  const [conflict, setConflict] = useState<string>();
  const queryKey = ['public-survey', id] as const;
  const refresh = () => void qc.invalidateQueries({ queryKey });
  const q = useQuery({
    queryKey,
    queryFn: async () => (await unwrap(api.GET('/api/public/surveys/{id}', { params: { path: { id } } }))) as unknown as PublicSurvey,
  });
  if (q.isError) return <Problem error={q.error} />;
  if (q.isPending) return <Loading />;
  const s = q.data;
  const open = takingResponses(s);
  return (
    <article>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {s.title}
      </Typography.Title>
      <Tag color={SURVEY_STATUS_COLOR[s.status]}>{sm.status[s.status]}</Tag>
      <Descriptions
        column={{ xs: 1, sm: 2 }}
        style={{ marginTop: 12 }}
        items={[
          { key: 'dept', label: sm.department, children: departments.data?.items.find((d) => d.id === s.departmentId)?.name ?? '' },
          { key: 'period', label: sm.period, children: `${formatTime(s.opensAt)} ${sm.to} ${formatTime(s.closesAt)}` },
          { key: 'responses', label: sm.responses, children: <span data-testid="survey-responses">{sm.count(s.responses)}</span> },
        ]}
      />
      {s.description && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{s.description}</Typography.Paragraph>}
      <section aria-labelledby="survey-form">
        <Typography.Title level={2} id="survey-form" style={{ fontSize: 18 }}>
          {sm.form.title}
        </Typography.Title>
        {/* Here, not in the form: the survey read again after a 409 often takes no answers any more. */}
        {conflict && <Alert type="error" showIcon title={conflict} role="alert" style={{ marginBottom: 12 }} />}
        {open ? (
          <ResponseForm
            survey={s}
            refresh={refresh}
            onConflict={(message) => {
              setConflict(message);
              refresh();
            }}
          />
        ) : (
          <Alert type="info" showIcon title={Date.now() < Date.parse(s.opensAt) ? sm.form.notOpenYet : sm.form.closed} />
        )}
      </section>
      <section aria-labelledby="survey-results" style={{ marginTop: 24 }}>
        <Typography.Title level={2} id="survey-results" style={{ fontSize: 18 }}>
          {sm.results.title}
        </Typography.Title>
        {s.results ? (
          <SurveyResults results={s.results} />
        ) : (
          <Typography.Paragraph type="secondary">{sm.results.hidden[s.resultsVisibility]}</Typography.Paragraph>
        )}
      </section>
    </article>
  );
}
