import { Tag, Timeline, Typography } from 'antd';
import { label, m } from '../i18n';
import { formatTime } from './format';
import { TAG } from './colors';

export interface StepLike {
  at: string;
  step: string;
  department?: { name?: string } | null | unknown;
  departmentName?: string;
  reason?: string;
  note?: string;
  answer?: string;
  respondBy?: string;
  acknowledgeBy?: string;
  requestedRespondBy?: string;
  onTime?: boolean;
  automatic?: boolean;
  level?: number;
  satisfaction?: string;
  comment?: string;
  duplicateOf?: { trackingCode?: string; url?: string };
  /** interim_reply: the department's 阶段性答复; information_supplied: what the citizen supplied. */
  text?: string;
  /** rated, information_supplied: callback when the hotline office entered it after a call (回访). */
  via?: string;
  /** closed after 回访 found the caller unreachable: the attempts made. */
  callbackAttempts?: number;
  /** information_requested: what the department asks (补充材料) and by when. */
  question?: string;
  supplyBy?: string;
  /** information_supplied / lapsed: the working days the response clock stood still. */
  pausedWorkingDays?: number;
  /** answered: unreachable (联系不上). */
  outcome?: string;
  /** dispatched, to staff: the assisting departments (协办) and when each owes the lead its contribution. */
  assisting?: readonly { departmentName?: string; contributeBy?: string }[];
  /** moderated: what was hidden or restored, and which. */
  target?: string;
  action?: string;
}

/**
 * The original of a duplicate. The API's `url` is its JSON route and is there only when the
 * original is public, so the link goes to the public site's page of the same tracking code.
 */
function DuplicateOf({ of }: { of: NonNullable<StepLike['duplicateOf']> }) {
  if (!of.trackingCode) return null;
  return (
    <div data-testid="duplicate-of">
      {`${m.case.duplicateOf}：`}
      {of.url ? <a href={`/cases/${encodeURIComponent(of.trackingCode)}`}>{of.trackingCode}</a> : of.trackingCode}
    </div>
  );
}

/** A closed step's reason is a code (rated, withdrawn …); every other reason is someone's words. */
const reasonText = (s: StepLike) =>
  s.step !== 'closed'
    ? s.reason
    : s.via === 'callback' && s.reason === 'no_rating_in_time'
      ? m.case.closedUnreachable(s.callbackAttempts) // 回访 found the caller unreachable: no rating, not the window lapsing
      : label(m.closeReason, s.reason);

/**
 * Which steps carry a deadline still open and already passed at `now`: the last dispatch's 签收期限 until
 * it is signed for, and the answer deadline in force (the dispatch's, or the one an extension, a reopening
 * or the clock's resumption set) until it is answered. The public case view has no overdue flag (the red
 * light is internal), so the reader's clock decides; a step that happened carries 按期/超期 instead.
 */
export function overdueDeadlines(steps: readonly StepLike[], now: Date): { acknowledge?: number; respond?: number } {
  let acknowledge: number | undefined;
  let respond: number | undefined;
  steps.forEach((s, i) => {
    if (s.step === 'dispatched') {
      acknowledge = s.acknowledgeBy ? i : undefined;
      respond = s.respondBy ? i : undefined;
    } else if (s.step === 'acknowledged') acknowledge = undefined;
    else if ((s.step === 'extended' || s.step === 'reopened' || s.step === 'clock_resumed') && s.respondBy) respond = i;
    // the answer clock stands still while the citizen is asked for more (补充材料)
    else if (s.step === 'information_requested') respond = undefined;
    else if (s.step === 'answered') acknowledge = respond = undefined;
    else if (s.step === 'returned' || s.step === 'withdrawn' || s.step === 'closed') acknowledge = respond = undefined;
  });
  const passed = (at: string | undefined) => at !== undefined && Date.parse(at) < now.getTime();
  return {
    acknowledge: acknowledge !== undefined && passed(steps[acknowledge].acknowledgeBy) ? acknowledge : undefined,
    respond: respond !== undefined && passed(steps[respond].respondBy) ? respond : undefined,
  };
}

const Overdue = () => (
  <>
    {' '}
    <Tag color={TAG.red} data-testid="deadline-overdue">
      {m.case.overdue}
    </Tag>
  </>
);

/**
 * The handling step by step (全过程), as the API lets this reader see it. With `now`, a deadline passed
 * and not met is marked 已超期 (overdueDeadlines).
 */
export function Steps({ steps, now }: { steps: readonly StepLike[]; now?: Date }) {
  const overdue = now ? overdueDeadlines(steps, now) : {};
  return (
    <Timeline
      items={steps.map((s, i) => {
        const dept = s.departmentName ?? (s.department as { name?: string } | undefined)?.name;
        return {
          key: i,
          color: s.onTime === false ? 'red' : s.step === 'closed' ? 'gray' : 'blue',
          content: (
            <div data-testid="step">
              <Typography.Text strong>{label(m.step, s.step)}</Typography.Text>{' '}
              <Typography.Text type="secondary">{formatTime(s.at)}</Typography.Text>
              {dept && <div>{dept}</div>}
              {s.onTime !== undefined && <Tag color={s.onTime ? TAG.green : TAG.red}>{s.onTime ? m.case.onTime : m.case.late}</Tag>}
              {s.automatic && <Tag>{m.case.automatic}</Tag>}
              {s.level ? <Tag color={TAG.amber}>{`${s.level}${m.case.level}`}</Tag> : null}
              {s.acknowledgeBy && (
                <div>
                  {`${m.case.acknowledgeBy}：${formatTime(s.acknowledgeBy)}`}
                  {overdue.acknowledge === i && <Overdue />}
                </div>
              )}
              {s.respondBy && (
                <div>
                  {`${m.case.respondBy}：${formatTime(s.respondBy)}`}
                  {overdue.respond === i && <Overdue />}
                </div>
              )}
              {s.assisting?.map((a, j) => (
                <div key={j} data-testid="step-assisting">
                  {`${m.console.assisting}：${a.departmentName ?? ''}`}
                  {a.contributeBy && `（${m.console.contributeBy} ${formatTime(a.contributeBy)}）`}
                </div>
              ))}
              {s.requestedRespondBy && <div>{`${m.console.extensionUntil}：${formatTime(s.requestedRespondBy)}`}</div>}
              {s.satisfaction && <div>{label(m.satisfaction, s.satisfaction)}</div>}
              {s.duplicateOf && <DuplicateOf of={s.duplicateOf} />}
              {s.outcome === 'unreachable' && <Tag color={TAG.amber}>{m.case.unreachable}</Tag>}
              {s.question && <div>{`${m.case.question}：${s.question}`}</div>}
              {s.supplyBy && <div>{`${m.case.supplyBy}：${formatTime(s.supplyBy)}`}</div>}
              {s.pausedWorkingDays !== undefined && <div>{m.case.paused(s.pausedWorkingDays)}</div>}
              {s.text && <div>{`${s.step === 'information_supplied' ? m.case.supplied : m.case.interimReply}：${s.text}`}</div>}
              {s.step === 'information_supplied' && s.via === 'callback' && (
                <Tag data-testid="supplied-by-callback">{m.case.suppliedByCallback}</Tag>
              )}
              {s.step === 'rated' && s.via === 'callback' && <Tag data-testid="rated-by-callback">{m.case.ratedByCallback}</Tag>}
              {s.action && <Tag>{`${label(m.moderation, s.action)}${label(m.moderation, s.target)}`}</Tag>}
              {s.reason && <div>{`${m.myCase.reason}：${reasonText(s)}`}</div>}
              {s.note && <div>{s.note}</div>}
              {s.comment && <div>{s.comment}</div>}
            </div>
          ),
        };
      })}
    />
  );
}
