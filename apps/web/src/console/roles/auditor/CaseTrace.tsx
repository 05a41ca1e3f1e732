import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Descriptions, Empty, Input, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../../api/client';
import type { PetitionView } from '../../../api/types';
import { label, m } from '../../../i18n';
import { formatTime } from '../../../shared/format';
import { Problem } from '../../../shared/Problem';
import { TAG } from '../../../shared/colors';
import { ReasonGate } from './reason';

/** GET /api/audit/petitions/:id/events and /state declare no response schema: the fields read here (apps/api/src/audit). */
interface AuditEvent {
  eventId: string;
  revision: number;
  type: string;
  occurredAt?: string;
  recordedAt: string;
  actor?: { role?: string; sub?: string; departmentId?: string };
  hash?: string;
  data?: unknown;
}

/** A missed deadline says which (签收 or 答复) and when it fell due: "超期" alone did not. */
function missedDeadline(e: AuditEvent): string | undefined {
  if (e.type !== 'PetitionDeadlineMissed' || typeof e.data !== 'object' || e.data === null) return undefined;
  const { deadline, dueAt } = e.data as { deadline?: unknown; dueAt?: unknown };
  const which = deadline === 'acknowledgement' ? m.case.acknowledgeBy : deadline === 'response' ? m.case.respondBy : undefined;
  if (!which) return undefined;
  return typeof dueAt === 'string' ? `${which} ${formatTime(dueAt)}` : which;
}
interface EventsAudit {
  personalData: 'masked' | 'shown';
  events: AuditEvent[];
}
interface StateAt extends PetitionView {
  at: string;
  personalData: 'masked' | 'shown';
  asOf: { revision: number; type: string; occurredAt: string };
  currentRevision: number;
}

const query = (reason?: string) => (reason ? { reason } : {});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 案件追溯: every event of a case, and the case as it stood at any instant (time travel). */
export default function CaseTrace() {
  const [params, setParams] = useSearchParams();
  const id = params.get('id') ?? '';
  const atParam = params.get('at') ?? '';
  const [draft, setDraft] = useState(id);
  const [reason, setReason] = useState<string>();
  const set = (next: { id?: string; at?: string }) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p);
  };
  // The audit routes take the case's UUID, but the code an auditor is handed is its 查询码 (a
  // complaint, a phone call): a code is turned into the id the case page reads, then traced.
  const byCode = !!id && !UUID.test(id);
  const resolved = useQuery({
    queryKey: ['audit-resolve', id],
    enabled: byCode,
    queryFn: () => unwrap(api.GET('/api/petitions/{ref}', { params: { path: { ref: id } } })) as Promise<PetitionView>,
  });
  const caseId = byCode ? (resolved.data?.id ?? '') : id;
  const events = useQuery({
    queryKey: ['audit-events', caseId, reason],
    enabled: !!caseId,
    queryFn: () =>
      unwrap(
        api.GET('/api/audit/petitions/{id}/events', { params: { path: { id: caseId }, query: query(reason) } }),
      ) as unknown as Promise<EventsAudit>,
  });
  const state = useQuery({
    queryKey: ['audit-state', caseId, atParam, reason],
    enabled: !!caseId && !!atParam,
    queryFn: () =>
      unwrap(
        api.GET('/api/audit/petitions/{id}/state', { params: { path: { id: caseId }, query: { at: atParam, ...query(reason) } } }),
      ) as unknown as Promise<StateAt>,
  });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {m.console.caseTrace}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <label htmlFor="trace-id">{m.console.caseRef}</label>
        <Input
          id="trace-id"
          value={draft}
          onChange={(e) => setDraft(e.target.value.trim())}
          onPressEnter={() => set({ id: draft, at: undefined })}
          style={{ width: 340 }}
        />
        <Button type="primary" onClick={() => set({ id: draft, at: undefined })}>
          {m.common.search}
        </Button>
        <ReasonGate reason={reason} onReason={setReason} />
      </Space>
      {id && (
        <Space wrap style={{ marginBottom: 16 }}>
          <label htmlFor="trace-at">{m.console.at}</label>
          <DatePicker
            id="trace-at"
            showTime
            format="YYYY-MM-DD HH:mm:ss"
            value={atParam ? dayjs(atParam) : null}
            // A picked second holds every event within it (the API folds what occurred at or before `at`).
            onChange={(d: Dayjs | null) => set({ at: d ? d.endOf('second').toISOString() : undefined })}
          />
        </Space>
      )}
      {atParam && caseId && <StateCard q={state} />}
      {resolved.isError && <Problem error={resolved.error} />}
      {caseId &&
        (events.isError ? (
          <Problem error={events.error} />
        ) : (
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.console.events}</h2>}>
            <Table<AuditEvent>
              rowKey="eventId"
              size="small"
              loading={events.isPending}
              pagination={false}
              dataSource={events.data?.events ?? []}
              columns={[
                { title: '#', dataIndex: 'revision' },
                {
                  title: m.console.kindLabel,
                  key: 'type',
                  render: (_, e) => (
                    <>
                      {m.console.eventType[e.type] ?? e.type}
                      {missedDeadline(e) && <span data-testid="missed-which">（{missedDeadline(e)}）</span>}{' '}
                      {m.console.eventType[e.type] && <Typography.Text type="secondary">{e.type}</Typography.Text>}
                    </>
                  ),
                },
                { title: m.console.since, key: 'at', render: (_, e) => formatTime(e.occurredAt ?? e.recordedAt) },
                { title: m.console.role, key: 'actor', render: (_, e) => label(m.console.roles, e.actor?.role) },
                {
                  title: m.console.at,
                  key: 'go',
                  render: (_, e) => (
                    // The event's own instant, to the millisecond: cut to the second, it showed the case before
                    // this event (and the first event's instant as a case not yet submitted, 404).
                    <Button size="small" type="link" onClick={() => set({ at: e.occurredAt ?? e.recordedAt })}>
                      {m.console.stateAt}
                    </Button>
                  ),
                },
              ]}
            />
          </Card>
        ))}
    </>
  );
}

function StateCard({ q }: { q: { isPending: boolean; isError: boolean; error: unknown; data?: StateAt } }) {
  if (q.isError) return <Problem error={q.error} />;
  if (q.isPending || !q.data) return <Empty description={m.common.loading} />;
  const s = q.data;
  return (
    <Card
      size="small"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{`${m.console.stateAt} · ${formatTime(s.at)}`}</h2>}
      style={{ marginBottom: 16 }}
    >
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'status',
            label: m.listing.status,
            children: (
              <Tag color={TAG.red} data-testid="state-status">
                {label(m.status, s.status)}
              </Tag>
            ),
          },
          {
            key: 'asOf',
            label: m.console.events,
            // The event in Chinese with its type (a permanent contract) beside it, as the list shows it.
            children: `#${s.asOf.revision} ${m.console.eventType[s.asOf.type] ?? ''} ${s.asOf.type} · ${formatTime(s.asOf.occurredAt)}（${m.console.laterEvents(s.currentRevision - s.asOf.revision)}）`,
          },
          { key: 'title', label: m.submit.subject, children: s.title },
          { key: 'citizen', label: m.console.citizen, children: [s.citizen?.name, s.citizen?.phone].filter(Boolean).join(' ') },
          { key: 'pd', label: m.console.unmask, children: s.personalData === 'shown' ? m.console.shown : m.console.masked },
          ...(s.respondBy ? [{ key: 'resp', label: m.case.respondBy, children: formatTime(s.respondBy) }] : []),
        ]}
      />
    </Card>
  );
}
