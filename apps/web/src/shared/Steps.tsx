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
const reasonText = (s: StepLike) => (s.step === 'closed' ? label(m.closeReason, s.reason) : s.reason);

/** The handling step by step (全过程), as the API lets this reader see it. */
export function Steps({ steps }: { steps: readonly StepLike[] }) {
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
              {s.acknowledgeBy && <div>{`${m.case.acknowledgeBy}：${formatTime(s.acknowledgeBy)}`}</div>}
              {s.respondBy && <div>{`${m.case.respondBy}：${formatTime(s.respondBy)}`}</div>}
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
