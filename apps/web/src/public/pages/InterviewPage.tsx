import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Descriptions, Empty, Form, Input, List, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, idempotencyKey, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { formatTime } from '../../shared/format';
import { showApiErrors } from '../../shared/form-errors';
import { INTERVIEW_STATUS_COLOR, LiveMessage, PublicInterview, applyLive, im, questionRefusal } from '../../shared/interviews';
import { Loading, Problem } from '../../shared/Problem';
import { useDepartments } from '../../shared/reference';

const LIVE_EVENTS: LiveMessage['event'][] = ['question', 'answer', 'merged', 'order', 'status'];

/**
 * The live feed (server-sent events) folded into the cached page, so the page changes without a
 * reload; EventSource reconnects by itself with Last-Event-ID.
 */
function useLiveFeed(id: string, queryKey: readonly unknown[], enabled: boolean): boolean {
  const qc = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource(`/api/public/interviews/${id}/events`);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    const on = (event: LiveMessage['event']) => (e: MessageEvent<string>) => {
      const m = { event, data: JSON.parse(e.data) } as LiveMessage;
      qc.setQueryData<PublicInterview>(queryKey, (page) => (page ? applyLive(page, m) : page));
    };
    for (const event of LIVE_EVENTS) source.addEventListener(event, on(event) as EventListener);
    return () => source.close();
  }, [id, enabled, qc, queryKey]);
  return connected;
}

/** 我要提问: before and during the session; shown once a moderator approves it. */
function QuestionForm({ id, onConflict }: { id: string; onConflict: (message: string) => void }) {
  const [form] = Form.useForm<{ text: string }>();
  const [general, setGeneral] = useState<string[]>([]);
  const ask = useMutation({
    mutationFn: (v: { text: string }) =>
      unwrap(
        api.POST('/api/interviews/{id}/questions', {
          params: { path: { id }, header: { 'Idempotency-Key': idempotencyKey() } },
          body: { text: v.text },
        }),
      ),
    onMutate: () => setGeneral([]),
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) onConflict(questionRefusal(e));
      else setGeneral(showApiErrors(form, e, ['text']));
    },
    onSuccess: () => form.resetFields(),
  });
  return (
    <Form form={form} layout="vertical" name="interview-question" onFinish={(v) => ask.mutate(v)} style={{ maxWidth: 760 }}>
      <Typography.Paragraph type="secondary">{im.form.hint}</Typography.Paragraph>
      <Form.Item name="text" label={im.form.text} rules={[{ required: true, message: `${im.form.text}不能为空` }]}>
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
      {ask.isSuccess && <Alert type="success" showIcon title={im.form.sent} role="status" style={{ marginBottom: 12 }} />}
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} role="alert" style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={ask.isPending}>
        {im.form.submit}
      </Button>
    </Form>
  );
}

/** One interview: the announcement, the approved questions in order with the guests' answers, live. */
export default function InterviewPage() {
  const { id = '' } = useParams();
  const departments = useDepartments();
  const qc = useQueryClient();
  const [conflict, setConflict] = useState<string>();
  const queryKey = useMemo(() => ['public-interview', id] as const, [id]);
  const q = useQuery({
    queryKey,
    queryFn: async () => (await unwrap(api.GET('/api/public/interviews/{id}', { params: { path: { id } } }))) as unknown as PublicInterview,
  });
  const connected = useLiveFeed(id, queryKey, q.isSuccess && q.data.status !== 'published');
  if (q.isError) return <Problem error={q.error} />;
  if (q.isPending) return <Loading />;
  const i = q.data;
  const asking = i.status === 'scheduled' || i.status === 'live';
  return (
    <article>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {i.topic}
      </Typography.Title>
      <Tag color={INTERVIEW_STATUS_COLOR[i.status]} data-testid="interview-status">
        {im.status[i.status]}
      </Tag>
      {connected && <Badge status="processing" text={im.live} />}
      <Descriptions
        column={{ xs: 1, sm: 2 }}
        style={{ marginTop: 12 }}
        items={[
          { key: 'dept', label: im.department, children: departments.data?.items.find((d) => d.id === i.departmentId)?.name ?? '' },
          { key: 'time', label: im.time, children: `${formatTime(i.startsAt)} ${im.to} ${formatTime(i.endsAt)}` },
          { key: 'guests', label: im.guests, children: i.guests.map((g) => `${g.title} ${g.name}`).join('、') },
          { key: 'received', label: im.received, children: im.count(i.questionsReceived) },
        ]}
      />
      {i.description && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{i.description}</Typography.Paragraph>}
      {i.summary && (
        <section aria-labelledby="interview-summary">
          <Typography.Title level={2} id="interview-summary" style={{ fontSize: 18 }}>
            {im.summary}
          </Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{i.summary}</Typography.Paragraph>
        </section>
      )}
      <section aria-labelledby="interview-questions" aria-live="polite">
        <Typography.Title level={2} id="interview-questions" style={{ fontSize: 18 }}>
          {im.questions}
        </Typography.Title>
        {i.questions.length === 0 ? (
          <Empty description={im.noQuestions} />
        ) : (
          <List
            dataSource={i.questions}
            renderItem={(question) => (
              <List.Item key={question.questionId} data-testid="interview-question" style={{ display: 'block' }}>
                <Typography.Paragraph strong style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
                  问：{question.text}
                </Typography.Paragraph>
                {question.answers.length === 0 ? (
                  <>
                    <Typography.Text type="secondary">{question.petitionId ? im.forwarded : im.waiting}</Typography.Text>
                    {question.trackingCode && (
                      <>
                        {' '}
                        <Link to={`/cases/${question.trackingCode}`} data-testid="forwarded-case">
                          {im.forwardedCase(question.trackingCode)}
                        </Link>
                      </>
                    )}
                  </>
                ) : (
                  question.answers.map((a) => (
                    <div
                      key={a.answerId}
                      data-testid="interview-answer"
                      style={{ background: '#f5f5f5', padding: '8px 12px', marginTop: 4 }}
                    >
                      <Typography.Text strong>{im.answeredBy(a.guest)}</Typography.Text>
                      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{a.text}</Typography.Paragraph>
                      {(a.media ?? []).map((url) => (
                        <div key={url}>
                          <a href={url} target="_blank" rel="noreferrer noopener">
                            {url}
                          </a>
                        </div>
                      ))}
                    </div>
                  ))
                )}
              </List.Item>
            )}
          />
        )}
      </section>
      <section aria-labelledby="ask" style={{ marginTop: 24 }}>
        <Typography.Title level={2} id="ask" style={{ fontSize: 18 }}>
          {im.form.title}
        </Typography.Title>
        {conflict && <Alert type="error" showIcon title={conflict} role="alert" style={{ marginBottom: 12 }} />}
        {asking ? (
          <QuestionForm
            id={id}
            onConflict={(message) => {
              setConflict(message);
              void qc.invalidateQueries({ queryKey });
            }}
          />
        ) : (
          <Alert type="info" showIcon title={im.form.closed} />
        )}
      </section>
    </article>
  );
}
