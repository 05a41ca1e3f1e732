import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Popconfirm, Radio, Space, Tag, Typography, type FormInstance } from 'antd';
import { useEffect, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, idempotencyKey, unwrap, withRef } from '../../api/client';
import { ApiError } from '../../api/errors';
import type { PetitionView } from '../../api/types';
import { label, m } from '../../i18n';
import { formatTime } from '../../shared/format';
import { usePassed } from '../../shared/use-passed';
import { showApiErrors } from '../../shared/form-errors';
import { Loading, Problem } from '../../shared/Problem';
import { Steps } from '../../shared/Steps';
import { CommentForm } from '../CommentForm';
import { NextSteps, awaitsPublication } from '../NextSteps';
import { TAG } from '../../shared/colors';
import { Copyable } from '../../shared/Copyable';
import { reopenedSince } from '../../shared/reopened';
import { ReopenedNote } from '../../shared/ReopenedNote';

interface Credentials {
  code: string;
  key: string;
}

/** 我的留言: the tracking code and the access key open the case as its submitter sees it. */
export default function MyCasePage() {
  const [params] = useSearchParams();
  const [form] = Form.useForm<Credentials>();
  // Just submitted: the result page's link hands the key over in the router's state (never the URL), so the
  // case opens at once and the key, shown only once, can still be saved here.
  const location = useLocation();
  const navigate = useNavigate();
  const handed = (location.state as { accessKey?: unknown } | null)?.accessKey;
  const [justSubmitted] = useState(() => (typeof handed === 'string' && params.get('code') ? handed : undefined));
  // Held in memory only: the access key is never written to the browser's storage.
  const [creds, setCreds] = useState<Credentials | undefined>(() =>
    justSubmitted ? { code: params.get('code')!.trim(), key: justSubmitted } : undefined,
  );
  useEffect(() => {
    // Out of the history entry again (a browser may keep its state on disk for a restored session).
    if (handed !== undefined) void navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
  }, [handed, location.pathname, location.search, navigate]);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{m.myCase.title}</h1>}>
        <Form<Credentials>
          form={form}
          layout="inline"
          name="my-case"
          initialValues={{ code: params.get('code') ?? '', key: justSubmitted ?? '' }}
          onFinish={(v) => setCreds({ code: v.code.trim(), key: v.key.trim() })}
        >
          <Form.Item name="code" label={m.myCase.trackingCode} rules={[{ required: true, message: m.submit.required }]}>
            <Input style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="key" label={m.myCase.accessKey} rules={[{ required: true, message: m.submit.required }]}>
            <Input.Password style={{ width: 240 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {m.myCase.open}
          </Button>
        </Form>
        {justSubmitted && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 16 }}
            data-testid="save-key"
            title={m.myCase.saveKey}
            description={<Copyable text={justSubmitted} testId="handed-key" code />}
          />
        )}
      </Card>
      {creds && <MyCase creds={creds} />}
    </Space>
  );
}

function MyCase({ creds }: { creds: Credentials }) {
  const queryKey = ['my-case', creds.code, creds.key];
  const q = useQuery({
    queryKey,
    queryFn: () =>
      unwrap(
        api.GET('/api/petitions/{ref}', { params: { path: { ref: creds.code }, header: { 'X-Access-Key': creds.key } } }),
      ) as Promise<PetitionView>,
  });
  if (q.isPending) return <Loading />;
  if (q.isError) {
    const wrong = q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 401 || q.error.status === 400);
    // A code of no possible shape (the API's 400 names `ref`) is told apart: the citizen has mistyped it, and
    // the key is not in question. Any other refusal says only that the two do not match, never which.
    const malformed = q.error instanceof ApiError && q.error.status === 400 && q.error.details?.some((d) => d.field === 'ref');
    if (malformed) return <Alert type="error" showIcon title={m.myCase.malformedCode} role="alert" />;
    return wrong ? <Alert type="error" showIcon title={m.myCase.wrong} role="alert" /> : <Problem error={q.error} />;
  }
  const p = q.data;
  const reopen = reopenedSince(p);
  return (
    <>
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{p.title}</h2>} data-testid="my-case">
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, sm: 2 }}
          items={[
            { key: 'code', label: m.myCase.trackingCode, children: p.trackingCode },
            {
              key: 'status',
              label: m.myCase.status,
              children: (
                <Tag color={TAG.red} data-testid="my-status">
                  {label(m.status, p.status)}
                </Tag>
              ),
            },
            ...(p.reviewBy ? [{ key: 'review', label: m.citizenNext.reviewBy, children: formatTime(p.reviewBy) }] : []),
            ...(p.acknowledgeBy ? [{ key: 'ack', label: m.myCase.acknowledgeBy, children: formatTime(p.acknowledgeBy) }] : []),
            ...(p.respondBy ? [{ key: 'resp', label: m.myCase.respondBy, children: formatTime(p.respondBy) }] : []),
          ]}
        />
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>{p.content}</Typography.Paragraph>
        {p.status === 'submitted' && <NextSteps reviewBy={p.reviewBy} published={awaitsPublication(p)} />}
      </Card>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{reopen ? m.case.earlierAnswer : m.myCase.answer}</h2>}>
        {reopen && <ReopenedNote reopen={reopen} />}
        {p.answer ? (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{p.answer}</Typography.Paragraph>
        ) : (
          <Typography.Text type="secondary">{m.case.noAnswer}</Typography.Text>
        )}
        {p.status === 'responded' ? (
          // A rating is given once per answer: an answer given again after a reopen (重办) is rated anew.
          <RateOrWindowClosed creds={creds} queryKey={queryKey} rateBy={p.rateBy} />
        ) : (
          p.rating && (
            <>
              <div>
                {m.myCase.rated}：<Tag color={TAG.gold}>{label(m.satisfaction, p.rating.satisfaction)}</Tag> {p.rating.comment}
              </div>
              <AfterUnsatisfied p={p} />
            </>
          )
        )}
      </Card>
      {p.awaitingInformation && <SupplyForm creds={creds} queryKey={queryKey} awaited={p.awaitingInformation} />}
      {WITHDRAWABLE.includes(p.status) && <WithdrawForm creds={creds} queryKey={queryKey} />}
      {p.steps && (
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.case.steps}</h2>}>
          <Steps steps={p.steps} now={new Date()} />
        </Card>
      )}
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.myCase.addComment}</h2>}>
        {p.shownPublicly ? (
          <CommentForm reference={creds.code} invalidate={queryKey} />
        ) : (
          // The API takes 跟帖 only on a case on the public site (any other answers as an unknown case).
          <Typography.Text type="secondary" data-testid="no-comments">
            {p.status === 'submitted' && awaitsPublication(p) ? m.citizenNext.commentAfterReview : m.citizenNext.commentNotPublic}
          </Typography.Text>
        )}
      </Card>
    </>
  );
}

/** The submitter's proof and a fresh Idempotency-Key for a command on their case. */
const submitterParams = (creds: Credentials) => withRef(creds.code, { 'Idempotency-Key': idempotencyKey(), 'X-Access-Key': creds.key });

/**
 * A submitter's command on their case: a 400 next to the form's fields, a 409 (the case moved on)
 * said with the case read again, and the case read again once it is done.
 */
function useSubmitterCommand<V>(form: FormInstance, fields: string[], queryKey: readonly unknown[], run: (v: V) => Promise<unknown>) {
  const [general, setGeneral] = useState<string[]>([]);
  const qc = useQueryClient();
  const mutation = useMutation({
    mutationFn: run,
    onMutate: () => setGeneral([]),
    onError: (e) => {
      const conflict = e instanceof ApiError && e.status === 409;
      setGeneral(conflict ? [`${e.message}。${m.console.conflictHint}`] : showApiErrors(form, e, fields));
      if (conflict) void qc.invalidateQueries({ queryKey });
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey }),
  });
  return { mutation, general };
}

/** 补充材料: the department's question, by when, and the form that answers it with the access key. */
function SupplyForm({
  creds,
  queryKey,
  awaited,
}: {
  creds: Credentials;
  queryKey: readonly unknown[];
  awaited: NonNullable<PetitionView['awaitingInformation']>;
}) {
  const [form] = Form.useForm<{ text: string }>();
  const { mutation: supply, general } = useSubmitterCommand(form, ['text'], queryKey, (v: { text: string }) =>
    unwrap(api.POST('/api/petitions/{ref}/information', { params: submitterParams(creds), body: { text: v.text.trim() } })),
  );
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.myCase.infoRequested}</h2>} data-testid="information-request">
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{`${m.case.question}：${awaited.question}`}</Typography.Paragraph>
      <Typography.Paragraph>{`${m.case.supplyBy}：${formatTime(awaited.supplyBy)}`}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{m.myCase.infoHint}</Typography.Paragraph>
      <Form form={form} layout="vertical" name="supply-information" onFinish={(v) => supply.mutate(v)}>
        <Form.Item name="text" label={m.myCase.supplyText} rules={[{ required: true, message: m.submit.required }]}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
        {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} role="alert" style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={supply.isPending}>
          {m.myCase.sendSupply}
        </Button>
      </Form>
    </Card>
  );
}

/** Before the answer (the decider refuses it after: 409, shown with the case reloaded). */
const WITHDRAWABLE = ['submitted', 'accepted', 'dispatched', 'in_progress', 'returned'];

/** 撤回: the submitter withdraws with the access key, an optional reason, after a confirmation. */
function WithdrawForm({ creds, queryKey }: { creds: Credentials; queryKey: readonly unknown[] }) {
  const [form] = Form.useForm<{ reason?: string }>();
  const { mutation: withdraw, general } = useSubmitterCommand(form, ['reason'], queryKey, (v: { reason?: string }) =>
    unwrap(
      api.POST('/api/petitions/{ref}/withdraw', {
        params: submitterParams(creds),
        body: v.reason?.trim() ? { reason: v.reason.trim() } : {},
      }),
    ),
  );
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.myCase.withdraw}</h2>}>
      <Typography.Paragraph type="secondary">{m.myCase.withdrawHint}</Typography.Paragraph>
      <Form form={form} layout="vertical" name="withdraw" onFinish={(v) => withdraw.mutate(v)}>
        <Form.Item name="reason" label={m.myCase.withdrawReason}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} role="alert" style={{ marginBottom: 12 }} />}
        <Popconfirm
          title={m.myCase.withdrawConfirm}
          okText={m.myCase.withdraw}
          cancelText={m.common.cancel}
          okButtonProps={{ danger: true }}
          onConfirm={() => form.submit()}
        >
          <Button danger loading={withdraw.isPending}>
            {m.myCase.withdraw}
          </Button>
        </Popconfirm>
      </Form>
    </Card>
  );
}

/**
 * What follows an unsatisfied rating, as the case says it: kept open (rated) while the supervisor may still
 * reopen it (the decider closes it at once when policy.maxReopens is reached), closed as rated with the
 * supervisor's reason when they decided against a reopen, or closed at once at the limit. A reopen puts the
 * case back in handling: the earlier answer is then marked (ReopenedNote) and the steps give the new deadline.
 */
function AfterUnsatisfied({ p }: { p: PetitionView }) {
  if (p.rating?.satisfaction !== 'unsatisfied') return null;
  const note = (title: string, description?: string) => (
    <Alert type="info" showIcon data-testid="after-rating" title={title} description={description} style={{ marginTop: 12 }} />
  );
  if (p.status === 'rated') return note(m.afterRating.unsatisfiedPending);
  if (p.status !== 'closed' || p.closeReason !== 'rated') return null;
  const steps = p.steps ?? [];
  // The supervisor's close always carries its reason (the decider requires it); a close at the limit none.
  const reason = steps.findLast((s) => s.step === 'closed')?.note;
  if (reason) return note(m.afterRating.closedBySupervisor, `${m.afterRating.supervisorReason}：${reason}`);
  return note(m.afterRating.closedAtLimit(steps.filter((s) => s.step === 'reopened').length));
}

/**
 * The rating form while the window is open; after 评价期限 the API refuses a rating (rating_window_closed) and the
 * deadline watcher closes the case as 逾期未评价 a little later: until then the case still reads responded, and
 * the page says the window closed instead of offering a submit bound to fail (the page turns when it passes).
 */
function RateOrWindowClosed({ creds, queryKey, rateBy }: { creds: Credentials; queryKey: readonly unknown[]; rateBy?: string }) {
  const closed = usePassed(rateBy);
  if (closed && rateBy)
    return (
      <Alert
        type="info"
        showIcon
        data-testid="rating-window-closed"
        title={m.myCase.rateWindowClosed(formatTime(rateBy))}
        style={{ marginTop: 12 }}
      />
    );
  return <RateForm creds={creds} queryKey={queryKey} rateBy={rateBy} />;
}

interface Rating {
  satisfaction: 'satisfied' | 'basically_satisfied' | 'unsatisfied';
  comment?: string;
}

function RateForm({ creds, queryKey, rateBy }: { creds: Credentials; queryKey: readonly unknown[]; rateBy?: string }) {
  const [form] = Form.useForm<Rating>();
  const [general, setGeneral] = useState<string[]>([]);
  const qc = useQueryClient();
  const rate = useMutation({
    mutationFn: (v: Rating) =>
      unwrap(
        api.POST('/api/petitions/{ref}/rate', {
          params: submitterParams(creds),
          body: { satisfaction: v.satisfaction, ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}) },
        }),
      ),
    onMutate: () => setGeneral([]),
    onError: (e) => {
      setGeneral(showApiErrors(form, e, ['satisfaction', 'comment']));
      if (e instanceof ApiError && e.status === 409) void qc.invalidateQueries({ queryKey });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey });
    },
  });
  return (
    <Form<Rating> form={form} layout="vertical" name="rate" onFinish={(v) => rate.mutate(v)} style={{ marginTop: 12 }}>
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {m.myCase.rate}
      </Typography.Title>
      {rateBy && (
        <Typography.Paragraph data-testid="rate-by">{`${m.myCase.rateBy}：${formatTime(rateBy)}（${m.myCase.rateByNote}）`}</Typography.Paragraph>
      )}
      <Form.Item name="satisfaction" label={m.myCase.satisfaction} rules={[{ required: true, message: m.submit.required }]}>
        <Radio.Group
          options={(['satisfied', 'basically_satisfied', 'unsatisfied'] as const).map((s) => ({
            value: s,
            label: label(m.satisfaction, s),
          }))}
        />
      </Form.Item>
      <Form.Item name="comment" label={m.myCase.comment}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} role="alert" style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={rate.isPending}>
        {m.myCase.sendRating}
      </Button>
    </Form>
  );
}
