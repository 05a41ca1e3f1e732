import { Button, Space } from 'antd';
import { api, idempotencyKey, unwrap } from '../../../api/client';
import type { Schemas } from '../../../api/types';
import { m } from '../../../i18n';
import { formatDate, formatTime } from '../../../shared/format';
import { useCaseCommand } from '../../staff-case';
import { ReasonAction } from '../../reason-action';

/** What a supervisor's decision did, with what the API says it set (the new 办复期限 of a reopen or an approval). */
export type Decided =
  | { decision: 'approved'; respondBy?: string }
  | { decision: 'refused' }
  | { decision: 'reopened'; respondBy?: string }
  | { decision: 'closed' }
  | { decision: 'escalated' };

/** What happens next after a decision, as the supervisor is told. */
export function nextStep(d: Decided): string {
  const next = m.console.supervision.next;
  switch (d.decision) {
    case 'approved':
      return next.approved(d.respondBy && formatTime(d.respondBy));
    case 'reopened':
      return next.reopened(d.respondBy && formatTime(d.respondBy));
    default:
      return next[d.decision];
  }
}

/**
 * The decisions offered on one case: an extension request's approve / refuse, an unsatisfied rating's
 * 重办 / 结案, and 督办. Which of them a case gets is the caller's (the inbox item's decision, or the
 * case's state on its page); the API refuses any that does not fit (409) and any other role (403).
 */
export interface Offers {
  extension?: { requestedRespondBy?: string };
  reopenOrClose?: boolean;
  escalate?: boolean;
}

const header = () => ({ 'Idempotency-Key': idempotencyKey() });
const path = (id: string) => ({ params: { path: { id }, header: header() } });
type Answer = { respondBy?: string };

const decideExtension = (id: string, body: Schemas['DecideExtensionDto']) =>
  unwrap(api.POST('/api/petitions/{id}/extension-decision', { ...path(id), body })) as Promise<Answer>;

/** Runs a command, then tells the caller what it decided. */
const then =
  (onDecided: (d: Decided) => void, to: (a: Answer) => Decided) =>
  (answer: unknown): unknown => {
    onDecided(to((answer ?? {}) as Answer));
    return answer;
  };

export function SupervisorDecisions({
  caseId,
  trackingCode,
  offers,
  onDecided,
}: {
  caseId: string;
  trackingCode?: string;
  offers: Offers;
  onDecided: (d: Decided) => void;
}) {
  const id = caseId;
  const approve = useCaseCommand(id, () => decideExtension(id, { approved: true }));
  const requested = offers.extension?.requestedRespondBy;
  return (
    <Space orientation="vertical" size={4}>
      {approve.alert}
      {offers.extension && (
        <Space wrap>
          <Button
            size="small"
            type="primary"
            loading={approve.mutation.isPending}
            onClick={() =>
              approve.mutation.mutate(undefined, {
                onSuccess: (a) => onDecided({ decision: 'approved', respondBy: (a as Answer | undefined)?.respondBy }),
              })
            }
            aria-label={trackingCode ? `${m.console.approve} ${trackingCode}` : undefined}
          >
            {m.console.approve}
            {requested ? `（${m.console.requestedUntil} ${formatDate(requested)}）` : ''}
          </Button>
          <ReasonAction
            caseId={id}
            title={m.console.refuse}
            reasonLabel={m.console.refuseReason}
            button={{ danger: true }}
            run={(reason) => decideExtension(id, { approved: false, reason }).then(then(onDecided, () => ({ decision: 'refused' })))}
          />
        </Space>
      )}
      {(offers.reopenOrClose || offers.escalate) && (
        <Space wrap>
          {offers.reopenOrClose && (
            <>
              <ReasonAction
                caseId={id}
                title={m.console.reopen}
                reasonLabel={m.console.reopenReason}
                button={{ type: 'primary' }}
                run={(reason) =>
                  unwrap(api.POST('/api/petitions/{id}/reopen', { ...path(id), body: { reason } })).then(
                    then(onDecided, (a) => ({ decision: 'reopened', respondBy: a.respondBy })),
                  )
                }
              />
              <ReasonAction
                caseId={id}
                title={m.console.close}
                reasonLabel={m.console.closeReason}
                run={(reason) =>
                  unwrap(api.POST('/api/petitions/{id}/close', { ...path(id), body: { reason } })).then(
                    then(onDecided, () => ({ decision: 'closed' })),
                  )
                }
              />
            </>
          )}
          {offers.escalate && (
            <ReasonAction
              caseId={id}
              title={m.console.escalate}
              reasonLabel={m.console.escalateReason}
              run={(reason) =>
                unwrap(api.POST('/api/petitions/{id}/escalate', { ...path(id), body: { reason } })).then(
                  then(onDecided, () => ({ decision: 'escalated' })),
                )
              }
            />
          )}
        </Space>
      )}
    </Space>
  );
}
