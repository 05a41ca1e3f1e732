import { useQuery } from '@tanstack/react-query';
import { Button, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, idempotencyKey, unwrap } from '../../../api/client';
import type { Schemas } from '../../../api/types';
import { label, m } from '../../../i18n';
import { formatDate, formatTime } from '../../../shared/format';
import { Problem } from '../../../shared/Problem';
import { TAG } from '../../../shared/colors';
import { useCaseCommand } from '../../staff-case';
import { ReasonAction } from '../../reason-action';

type Item = Schemas['SupervisorInboxItem'];
type Kind = Item['kind'];
const header = () => ({ 'Idempotency-Key': idempotencyKey() });
const KINDS: Kind[] = ['extension_request', 'unsatisfied_rating', 'red_light', 'auto_escalation', 'returned'];

const decideExtension = (id: string, body: Schemas['DecideExtensionDto']) =>
  unwrap(api.POST('/api/petitions/{id}/extension-decision', { params: { path: { id }, header: header() }, body }));

/** 督办待办: what waits for the supervision office, each row with the decision it needs. */
export default function SupervisorInbox() {
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
  const settle = (item: Item) => {
    setDecided((prev) => new Set(prev).add(keyOf(item)));
    for (const ms of [400, 1500, 4000]) setTimeout(() => void q.refetch(), ms);
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
          { title: m.case.trackingCode, dataIndex: 'trackingCode' },
          { title: m.submit.subject, dataIndex: 'title' },
          { title: m.case.department, key: 'dept', render: (_, r) => r.department?.name ?? '' },
          { title: m.console.since, key: 'since', render: (_, r) => formatTime(r.since) },
          { title: m.console.dueBy, key: 'due', render: (_, r) => formatTime(r.dueBy) },
          {
            title: m.console.decision,
            key: 'act',
            render: (_, r) =>
              decided.has(keyOf(r)) ? (
                <Tag data-testid="inbox-decided">{m.console.inboxDecided}</Tag>
              ) : (
                <Decision item={r} onDecided={() => settle(r)} />
              ),
          },
        ]}
      />
    </>
  );
}

const keyOf = (r: Item) => `${r.kind}:${r.petitionId}`;

/** Passes a command's answer on, after telling the inbox its row is decided. */
const decidedThen =
  (onDecided: () => void) =>
  <T,>(answer: T): T => {
    onDecided();
    return answer;
  };

function Decision({ item, onDecided }: { item: Item; onDecided: () => void }) {
  const id = item.petitionId;
  const approve = useCaseCommand(id, () => decideExtension(id, { approved: true }), { onDone: onDecided });
  const requested = (item.detail as { requestedRespondBy?: string }).requestedRespondBy;
  const escalate = (
    <ReasonAction
      caseId={id}
      title={m.console.escalate}
      reasonLabel={m.console.escalateReason}
      run={(reason) => unwrap(api.POST('/api/petitions/{id}/escalate', { params: { path: { id }, header: header() }, body: { reason } }))}
    />
  );
  return (
    <Space orientation="vertical" size={4}>
      {approve.alert}
      {item.decision === 'decide_extension' && (
        <Space wrap>
          <Button
            size="small"
            type="primary"
            loading={approve.mutation.isPending}
            onClick={() => approve.mutation.mutate(undefined)}
            aria-label={`${m.console.approve} ${item.trackingCode}`}
          >
            {m.console.approve}
            {requested ? `（${m.console.requestedUntil} ${formatDate(requested)}）` : ''}
          </Button>
          <ReasonAction
            caseId={id}
            title={m.console.refuse}
            reasonLabel={m.console.refuseReason}
            button={{ danger: true }}
            run={(reason) => decideExtension(id, { approved: false, reason }).then(decidedThen(onDecided))}
          />
        </Space>
      )}
      {item.decision === 'reopen_or_close' && (
        <Space wrap>
          <ReasonAction
            caseId={id}
            title={m.console.reopen}
            reasonLabel={m.console.reopenReason}
            button={{ type: 'primary' }}
            run={(reason) =>
              unwrap(api.POST('/api/petitions/{id}/reopen', { params: { path: { id }, header: header() }, body: { reason } })).then(
                decidedThen(onDecided),
              )
            }
          />
          <ReasonAction
            caseId={id}
            title={m.console.close}
            reasonLabel={m.console.closeReason}
            run={(reason) =>
              unwrap(api.POST('/api/petitions/{id}/close', { params: { path: { id }, header: header() }, body: { reason } })).then(
                decidedThen(onDecided),
              )
            }
          />
          {escalate}
        </Space>
      )}
      {(item.decision === 'follow_up_red_light' || item.decision === 'follow_up_escalation') && escalate}
    </Space>
  );
}
