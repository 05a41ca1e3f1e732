import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Radio } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { api, idempotencyKey, unwrap, withRef } from '../../../api/client';
import type { PetitionView, Schemas } from '../../../api/types';
import { usePassed } from '../../../shared/use-passed';
import { m } from '../../../i18n';
import { WHOLE, WholeNumberInput, typedDigits, wholeNumber, wholeNumberRule } from '../../../shared/whole-number';
import { Loading, Problem } from '../../../shared/Problem';
import { CasePage, useCaseCommand, useStaffCase } from '../../staff-case';
import { isPublished, ModerationForm } from './Moderation';
import { OneTextCommand } from '../handler/OneTextCommand';
import { formatTime } from '../../../shared/format';

/** A case found by the search: its facts and history, on an accepted one the way to its dispatch, on an answered case the 回访 form, on a published one 内容管理. */
export default function CallbackCase() {
  const { id = '' } = useParams();
  const q = useStaffCase(id);
  const navigate = useNavigate();
  if (q.isPending) return <Loading />;
  if (q.isError) return <Problem error={q.error} />;
  return (
    <CasePage key={q.data.id} p={q.data}>
      {/* waiting for review (a call just entered, say): its review is in 待受理 */}
      {q.data.status === 'submitted' && (
        <Button type="primary" onClick={() => navigate(`/review/${q.data.id}`)}>
          {m.console.review}
        </Button>
      )}
      {/* 补充材料 for a caller without a key: they phone 12345 with their code, and the office enters it */}
      {q.data.awaitingInformation && q.data.ratedByCallBack && <SupplyByCallback p={q.data} />}
      {/* accepted, not yet dispatched: no longer in the review queue, so the search is the way back to its dispatch */}
      {q.data.status === 'accepted' && (
        <Button type="primary" onClick={() => navigate(`/review/${q.data.id}`)}>
          {m.console.dispatch}
        </Button>
      )}
      {/* 回访 is for cases no citizen holds the key of; the API refuses it on any other (ratedByCallBack) */}
      {q.data.status === 'responded' &&
        (q.data.ratedByCallBack && isErased(q.data) ? (
          // PIPL erasure: no phone is left to call, and the API refuses the call-back (personal_data_erased)
          <Alert type="info" showIcon data-testid="callback-erased" message={m.console.callbackErased} />
        ) : q.data.ratedByCallBack ? (
          <CallbackForm p={q.data} />
        ) : (
          <Alert type="info" showIcon data-testid="callback-not-for-channel" message={m.console.callbackNotForChannel} />
        ))}
      {isPublished(q.data) && <ModerationForm p={q.data} />}
    </CasePage>
  );
}

/** The citizen's personal data was erased (the staff view's citizen says so). */
const isErased = (p: PetitionView): boolean => (p.citizen as { erased?: boolean } | undefined)?.erased === true;

/** 补充材料 a caller without a key gave on the phone (a 12345 call, an Open311 report), entered by the office. */
function SupplyByCallback({ p }: { p: PetitionView }) {
  const awaited = p.awaitingInformation!;
  return (
    <OneTextCommand
      p={p}
      name="supply-by-callback"
      field="text"
      title={m.console.supplyByCallback}
      label={m.console.supplyByCallbackText}
      send={m.console.sendSupplyByCallback}
      rows={3}
      intro={
        <p data-testid="information-asked">{`${m.case.question}：${awaited.question}（${m.case.supplyBy}：${formatTime(awaited.supplyBy)}）`}</p>
      }
      run={(text) =>
        unwrap(
          api.POST('/api/petitions/{ref}/information', {
            params: withRef(p.id, { 'Idempotency-Key': idempotencyKey() }),
            body: { via: 'callback', text },
          }),
        )
      }
    />
  );
}

type Values = {
  outcome: 'reached' | 'unreachable';
  satisfaction?: Schemas['RatePetitionDto']['satisfaction'];
  comment?: string;
  /** As typed (digits, a Chinese keyboard's full width made plain by `normalize`): a number only once checked. */
  attempts?: string;
};

/** The API's bound on the calls recorded (rate-petition.controller.ts, attempts ≤ 20). */
const MAX_ATTEMPTS = 20;

/**
 * 回访: the reviewer records the caller's rating, or that the caller could not be reached after the attempts.
 * After 回访截止 the API refuses both (rating_window_closed) and the deadline watcher closes the case as
 * no_rating_in_time: the form says so instead of offering a submit bound to fail.
 */
function CallbackForm({ p }: { p: PetitionView }) {
  const closed = usePassed(p.rateBy);
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.console.callback}</h2>}>
      {p.rateBy && <p data-testid="callback-deadline">{`${m.console.callbackDeadline}：${formatTime(p.rateBy)}`}</p>}
      {closed && p.rateBy ? (
        <Alert
          type="warning"
          showIcon
          data-testid="callback-window-closed"
          title={m.callbackForm.windowClosed(formatTime(p.rateBy))}
          description={m.callbackForm.windowClosedNext}
        />
      ) : (
        <CallbackFields p={p} />
      )}
    </Card>
  );
}

function CallbackFields({ p }: { p: PetitionView }) {
  const [form] = Form.useForm<Values>();
  const outcome = Form.useWatch('outcome', form) ?? 'reached';
  // The kind's callbackAttempts (GET /api/policies): the attempts before a caller may be recorded unreachable.
  const policies = useQuery({ queryKey: ['policies'], queryFn: () => unwrap(api.GET('/api/policies')) });
  const required = policies.data?.items.find((x) => x.kind === p.kind)?.callbackAttempts;
  const { mutation, alert } = useCaseCommand(
    p.id,
    (v: Values) => {
      const body: Schemas['RatePetitionDto'] =
        v.outcome === 'unreachable'
          ? { via: 'callback', outcome: 'unreachable', attempts: wholeNumber(v.attempts) }
          : {
              via: 'callback',
              satisfaction: v.satisfaction,
              ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}),
              ...(v.attempts ? { attempts: wholeNumber(v.attempts) } : {}),
            };
      return unwrap(api.POST('/api/petitions/{ref}/rate', { params: withRef(p.id, { 'Idempotency-Key': idempotencyKey() }), body }));
    },
    { form, fields: ['satisfaction', 'comment', 'attempts', 'outcome'] },
  );
  return (
    <>
      {alert}
      <Form form={form} layout="vertical" name="callback" initialValues={{ outcome: 'reached' }} onFinish={(v) => mutation.mutate(v)}>
        <Form.Item name="outcome" label={m.console.callbackOutcome}>
          <Radio.Group
            options={[
              { value: 'reached', label: m.console.reached },
              { value: 'unreachable', label: m.console.unreachable },
            ]}
          />
        </Form.Item>
        {outcome === 'reached' ? (
          <>
            <Form.Item name="satisfaction" label={m.console.satisfactionLabel} rules={[{ required: true, message: m.submit.required }]}>
              <Radio.Group options={Object.entries(m.satisfaction).map(([value, text]) => ({ value, label: text }))} />
            </Form.Item>
            <Form.Item name="comment" label={m.console.comment}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        ) : (
          <Form.Item
            name="attempts"
            label={m.console.attempts}
            extra={required && <span data-testid="attempts-rule">{m.console.attemptsRule(required)}</span>}
            // Digits only (shared/whole-number.tsx): antd's number input read 1e1 as 10 and rounded 2.5 to 3 with
            // precision={0}: calls nobody made, which may reach the kind's attempts.
            normalize={typedDigits}
            rules={[
              { required: true, message: m.submit.required },
              // Calls are counted whole (the API's 400 says so too).
              wholeNumberRule(m.callbackForm.attemptsWhole),
              {
                validator: async (_, v?: string) => {
                  if (!v || !WHOLE.test(v)) return;
                  // The decider's rule, said before the API refuses it (400 names the same number).
                  if (required && Number(v) < required) throw new Error(m.console.attemptsTooFew(required));
                  if (Number(v) < 1 || Number(v) > MAX_ATTEMPTS) throw new Error(m.callbackForm.attemptsRange(MAX_ATTEMPTS));
                },
              },
            ]}
          >
            <WholeNumberInput />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={mutation.isPending}>
          {m.console.sendCallback}
        </Button>
      </Form>
    </>
  );
}
