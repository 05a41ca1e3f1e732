import { useQuery } from '@tanstack/react-query';
import { App, Segmented, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../../api/client';
import type { Schemas } from '../../../api/types';
import { label, m } from '../../../i18n';
import { formatTime } from '../../../shared/format';
import { Problem } from '../../../shared/Problem';
import { TAG } from '../../../shared/colors';
import { SupervisorDecisions, nextStep, type Offers } from './decisions';

type Item = Schemas['SupervisorInboxItem'];
type Kind = Item['kind'];
const KINDS: Kind[] = ['extension_request', 'unsatisfied_rating', 'red_light', 'auto_escalation', 'returned'];

/** 督办待办: what waits for the supervision office, each row with the decision it needs. */
export default function SupervisorInbox() {
  const { message } = App.useApp();
  const [kind, setKind] = useState<Kind | 'all'>('all');
  const q = useQuery({
    queryKey: ['queue', 'supervisor', kind],
    queryFn: () => unwrap(api.GET('/api/inbox/supervisor', { params: { query: { limit: 100, ...(kind === 'all' ? {} : { kind }) } } })),
  });
  // A decision's row leaves the inbox once the projector has the decision (milliseconds to a few
  // seconds): until then it shows as handled, without its buttons, and the inbox is read again.
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set());
  const items = q.data?.items;
  useEffect(() => {
    if (!items) return;
    setDecided((prev) => {
      const present = new Set(items.map(keyOf));
      const kept = [...prev].filter((k) => present.has(k));
      return kept.length === prev.size ? prev : new Set(kept);
    });
  }, [items]);
  // The reads again stop when the inbox is left (the case page opened, say).
  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);
  useEffect(() => () => timers.current.forEach(clearTimeout), []);
  const settle = (item: Item) => {
    setDecided((prev) => new Set(prev).add(keyOf(item)));
    for (const ms of [400, 1500, 4000]) timers.current.push(setTimeout(() => void q.refetch(), ms));
  };
  if (q.isError) return <Problem error={q.error} />;
  const counts = q.data?.counts as Record<string, number> | undefined;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {m.console.inbox}
      </Typography.Title>
      <Segmented
        style={{ marginBottom: 16 }}
        value={kind}
        onChange={(v) => setKind(v as Kind | 'all')}
        options={[
          { value: 'all', label: m.common.all },
          ...KINDS.map((k) => ({ value: k, label: `${label(m.console.inboxKinds, k)}${counts ? ` (${counts[k] ?? 0})` : ''}` })),
        ]}
      />
      <Table<Item>
        rowKey={keyOf}
        loading={q.isPending}
        pagination={false}
        dataSource={q.data?.items ?? []}
        onRow={(r) => ({ 'data-testid': 'inbox-item', 'data-kind': r.kind }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: m.console.kindLabel,
            key: 'kind',
            render: (_, r) => <Tag color={r.kind === 'red_light' ? TAG.red : TAG.amber}>{label(m.console.inboxKinds, r.kind)}</Tag>,
          },
          {
            title: m.case.trackingCode,
            key: 'code',
            // The case as the supervisor reads it, with the same decisions (/inbox/:id keeps 督办待办 lit).
            render: (_, r) => (
              <Link to={`/inbox/${r.petitionId}`} aria-label={m.console.supervision.open(r.trackingCode)}>
                {r.trackingCode}
              </Link>
            ),
          },
          { title: m.submit.subject, dataIndex: 'title' },
          { title: m.case.department, key: 'dept', render: (_, r) => r.department?.name ?? '' },
          { title: m.console.since, key: 'since', render: (_, r) => formatTime(r.since) },
          { title: m.console.dueBy, key: 'due', render: (_, r) => <Due r={r} /> },
          {
            title: m.console.decision,
            key: 'act',
            render: (_, r) =>
              decided.has(keyOf(r)) ? (
                <Tag data-testid="inbox-decided">{m.console.inboxDecided}</Tag>
              ) : (
                <SupervisorDecisions
                  caseId={r.petitionId}
                  trackingCode={r.trackingCode}
                  offers={offersOf(r)}
                  onDecided={(d) => {
                    void message.info(nextStep(d));
                    // 督办 settles no item: the red light, the rating or the automatic 督办 waits for the department still.
                    if (d.decision !== 'escalated') settle(r);
                  }}
                />
              ),
          },
        ]}
      />
    </>
  );
}

const keyOf = (r: Item) => `${r.kind}:${r.petitionId}`;

/** The decisions an inbox item asks for (its `decision`); a returned case waits for the hotline office, not for a button here. */
export const offersOf = (item: Item): Offers => ({
  ...(item.decision === 'decide_extension' && {
    extension: { requestedRespondBy: (item.detail as { requestedRespondBy?: string }).requestedRespondBy },
  }),
  ...(item.decision === 'reopen_or_close' && { reopenOrClose: true, escalate: true }),
  ...((item.decision === 'follow_up_red_light' || item.decision === 'follow_up_escalation') && { escalate: true }),
});

/**
 * 期限 of an item, said as which: the office's own (an extension request's decision, a return's
 * re-dispatch: the API's dueBy), or the case's deadline that passed (a red light's, from `since` and
 * detail.deadline; an automatic 督办's answer deadline, detail.respondBy). An unsatisfied rating has none.
 */
function Due({ r }: { r: Item }) {
  const d = r.detail as { deadline?: string; respondBy?: string };
  const due = m.console.inboxDue;
  const line = (label: string, at: string | undefined, missed: boolean, hint?: string) => (
    <span data-testid="inbox-due">
      {`${label}：${formatTime(at)}`}
      {missed && (
        <>
          {' '}
          <Tag color={TAG.red}>{m.case.overdue}</Tag>
        </>
      )}
      {hint && (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
          {hint}
        </Typography.Text>
      )}
    </span>
  );
  switch (r.kind) {
    case 'extension_request':
      return line(due.decideBy, r.dueBy, false, due.decideByHint);
    case 'returned':
      return line(due.redispatchBy, r.dueBy, false);
    case 'red_light':
      return line(d.deadline === 'acknowledgement' ? m.case.acknowledgeBy : m.case.respondBy, r.since, true);
    case 'auto_escalation':
      return line(m.case.respondBy, d.respondBy, true);
    default:
      return (
        <span data-testid="inbox-due">
          <Typography.Text type="secondary">{due.none}</Typography.Text>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {due.noneHint}
          </Typography.Text>
        </span>
      );
  }
}
