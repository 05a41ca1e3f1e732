import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, idempotencyKey, unwrap } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import { formatTime } from '../../../shared/format';
import { showApiErrors } from '../../../shared/form-errors';
import { ManagedInterview, ManagedQuestion, im } from '../../../shared/interviews';
import { Problem } from '../../../shared/Problem';
import { conflictOrMessage } from '../../../shared/surveys';

const key = () => ({ 'Idempotency-Key': idempotencyKey() });

/** 答复: a guest's answer to an approved question, typed by staff during the session. */
function AnswerForm({ interview, question, done }: { interview: ManagedInterview; question: ManagedQuestion; done: () => void }) {
  const [form] = Form.useForm<{ guest: string; text: string }>();
  const [general, setGeneral] = useState<string[]>([]);
  const answer = useMutation({
    mutationFn: (v: { guest: string; text: string }) =>
      unwrap(
        api.POST('/api/interviews/{id}/questions/{questionId}/answers', {
          params: { path: { id: interview.id, questionId: question.questionId }, header: key() },
          body: { guest: v.guest, text: v.text },
        }),
      ),
    onMutate: () => setGeneral([]),
    onError: (e) => {
      setGeneral(
        e instanceof ApiError && e.status === 409 ? [conflictOrMessage(e, im.console.conflict)] : showApiErrors(form, e, ['guest', 'text']),
      );
      done();
    },
    onSuccess: () => {
      form.resetFields(['text']);
      done();
    },
  });
  return (
    <Form
      form={form}
      layout="vertical"
      name={`answer-${question.questionId}`}
      initialValues={{ guest: interview.guests[0]?.name }}
      onFinish={(v) => answer.mutate(v)}
    >
      <Form.Item name="guest" label={im.console.guest} rules={[{ required: true, message: `${im.console.guest}不能为空` }]}>
        <Select style={{ width: 220 }} options={interview.guests.map((g) => ({ value: g.name, label: `${g.title} ${g.name}` }))} />
      </Form.Item>
      <Form.Item name="text" label={im.console.answerText} rules={[{ required: true, message: `${im.console.answerText}不能为空` }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} role="alert" style={{ marginBottom: 8 }} />}
      <Button type="primary" htmlType="submit" loading={answer.isPending}>
        {im.console.sendAnswer}
      </Button>
    </Form>
  );
}

/** The moderator's and host's page: moderation, merging and order of questions, live answers, start, end, transcript. */
export default function InterviewManage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const queryKey = ['interview', id] as const;
  // Questions arrive from the public while the moderator works: read again every few seconds.
  const q = useQuery({
    queryKey,
    queryFn: async () => (await unwrap(api.GET('/api/interviews/{id}', { params: { path: { id } } }))) as unknown as ManagedInterview,
    refetchInterval: 3000,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey });
  const [error, setError] = useState<string>();
  const [selected, setSelected] = useState<string[]>([]);
  const [into, setInto] = useState<string>();
  const [summary, setSummary] = useState('');
  const [forwarded, setForwarded] = useState<number>();
  const command = useMutation({
    mutationFn: (call: () => Promise<unknown>) => call(),
    onMutate: () => setError(undefined),
    onError: (e) => setError(conflictOrMessage(e, im.console.conflict)),
    onSettled: refresh,
  });
  if (q.isError) return <Problem error={q.error} />;
  if (q.isPending) return null;
  const i = q.data;
  const path = { id };
  const approved = i.questions.filter((x) => x.status === 'approved');
  const moderate = (questionId: string, decision: 'approved' | 'rejected') =>
    command.mutate(() =>
      unwrap(
        api.POST('/api/interviews/{id}/questions/{questionId}/moderation', {
          params: { path: { id, questionId }, header: key() },
          body: { decision },
        }),
      ),
    );
  const move = (questionId: string, by: -1 | 1) => {
    const ids = approved.map((x) => x.questionId);
    const from = ids.indexOf(questionId);
    const to = from + by;
    if (to < 0 || to >= ids.length) return;
    [ids[from], ids[to]] = [ids[to], ids[from]];
    command.mutate(() => unwrap(api.POST('/api/interviews/{id}/order', { params: { path, header: key() }, body: { questionIds: ids } })));
  };
  const merge = () =>
    into &&
    command.mutate(async () => {
      await unwrap(
        api.POST('/api/interviews/{id}/merges', {
          params: { path, header: key() },
          body: { into, questionIds: selected.filter((s) => s !== into) },
        }),
      );
      setSelected([]);
    });
  const publishTranscript = () =>
    command.mutate(async () => {
      const r = await unwrap(
        api.POST('/api/interviews/{id}/transcript', {
          params: { path, header: key() },
          body: summary ? { summary } : {},
        }),
      );
      setForwarded(((r as { forwarded?: unknown[] }).forwarded ?? []).length);
    });
  const answerable = i.status === 'live';
  const moderating = i.status !== 'published';
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {i.topic}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag data-testid="interview-status">{im.status[i.status]}</Tag>
        <a href={`/interviews/${i.id}`} target="_blank" rel="noreferrer">
          {im.console.view}
        </a>
      </Space>
      <Descriptions
        column={{ xs: 1, sm: 3 }}
        items={[
          { key: 'time', label: im.time, children: `${formatTime(i.startsAt)} ${im.to} ${formatTime(i.endsAt)}` },
          { key: 'guests', label: im.guests, children: i.guests.map((g) => `${g.title} ${g.name}`).join('、') },
          { key: 'received', label: im.received, children: i.questionsReceived },
        ]}
      />
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
      {forwarded !== undefined && (
        <Alert type="success" showIcon title={im.console.forwardedTo(forwarded)} role="status" style={{ marginBottom: 12 }} />
      )}
      <Space wrap style={{ marginBottom: 16 }}>
        {i.status === 'scheduled' && (
          <Button
            type="primary"
            onClick={() => command.mutate(() => unwrap(api.POST('/api/interviews/{id}/start', { params: { path, header: key() } })))}
          >
            {im.console.start}
          </Button>
        )}
        {i.status === 'live' && (
          <Button
            danger
            onClick={() => command.mutate(() => unwrap(api.POST('/api/interviews/{id}/end', { params: { path, header: key() } })))}
          >
            {im.console.end}
          </Button>
        )}
      </Space>
      {i.status === 'ended' && (
        <section aria-labelledby="transcript" style={{ maxWidth: 760, marginBottom: 16 }}>
          <Typography.Title level={2} id="transcript" style={{ fontSize: 18 }}>
            {im.console.transcript}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{im.console.transcriptHint}</Typography.Paragraph>
          <label htmlFor="transcript-summary">{im.console.transcriptSummary}</label>
          <Input.TextArea id="transcript-summary" rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} />
          <Button type="primary" style={{ marginTop: 8 }} onClick={publishTranscript} loading={command.isPending}>
            {im.console.transcript}
          </Button>
        </section>
      )}
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {im.console.questions}
      </Typography.Title>
      {moderating && (
        <Space wrap style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">{im.console.mergeHint}</Typography.Text>
          <Select
            aria-label={im.console.mergeInto}
            placeholder={im.console.mergeInto}
            style={{ width: 260 }}
            value={into}
            onChange={setInto}
            options={approved.map((x) => ({ value: x.questionId, label: x.text.slice(0, 30) }))}
          />
          <Button onClick={merge} disabled={!into || selected.filter((s) => s !== into).length === 0}>
            {im.console.merge}
          </Button>
        </Space>
      )}
      <Table<ManagedQuestion>
        rowKey="questionId"
        pagination={false}
        dataSource={i.questions}
        rowSelection={
          moderating
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(String)),
                getCheckboxProps: (r) => ({
                  disabled: r.status !== 'pending' && r.status !== 'approved',
                  'aria-label': r.text.slice(0, 30),
                }),
              }
            : undefined
        }
        columns={[
          {
            title: im.console.questions,
            key: 'text',
            render: (_, r) => (
              <div data-testid="managed-question">
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>{r.text}</Typography.Paragraph>
                <Typography.Text type="secondary">{formatTime(r.submittedAt ?? undefined)}</Typography.Text>
                {r.answers.map((a) => (
                  <Typography.Paragraph key={a.answerId} style={{ background: '#f5f5f5', padding: '4px 8px', margin: '4px 0 0' }}>
                    {im.answeredBy(a.guest)}
                    {a.text}
                  </Typography.Paragraph>
                ))}
                {r.petitionId && (
                  <Typography.Paragraph style={{ margin: '4px 0 0' }}>
                    {im.console.petition}：{r.petitionId}
                  </Typography.Paragraph>
                )}
                {answerable && r.status === 'approved' && (
                  <details style={{ marginTop: 8 }}>
                    <summary>{im.console.answer}</summary>
                    <AnswerForm interview={i} question={r} done={refresh} />
                  </details>
                )}
              </div>
            ),
          },
          { title: '', key: 'status', width: 100, render: (_, r) => <Tag>{im.console.questionStatus[r.status]}</Tag> },
          {
            title: '',
            key: 'actions',
            width: 200,
            render: (_, r) =>
              moderating && (
                <Space wrap>
                  {r.status === 'pending' && (
                    <>
                      <Button size="small" type="primary" onClick={() => moderate(r.questionId, 'approved')}>
                        {im.console.approve}
                      </Button>
                      <Button size="small" onClick={() => moderate(r.questionId, 'rejected')}>
                        {im.console.reject}
                      </Button>
                    </>
                  )}
                  {r.status === 'approved' && approved.length > 1 && (
                    <>
                      <Button size="small" aria-label={`${im.console.up} ${r.text.slice(0, 20)}`} onClick={() => move(r.questionId, -1)}>
                        {im.console.up}
                      </Button>
                      <Button size="small" aria-label={`${im.console.down} ${r.text.slice(0, 20)}`} onClick={() => move(r.questionId, 1)}>
                        {im.console.down}
                      </Button>
                    </>
                  )}
                </Space>
              ),
          },
        ]}
      />
    </>
  );
}
