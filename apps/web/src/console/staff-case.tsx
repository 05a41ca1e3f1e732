import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Card, Col, Descriptions, Row, Tag, Typography, type FormInstance } from 'antd';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { api, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import type { PetitionView } from '../api/types';
import { label, m } from '../i18n';
import { formatTime } from '../shared/format';
import { showApiErrors } from '../shared/form-errors';
import { useDistrictName } from '../shared/reference';
import { Steps } from '../shared/Steps';
import { TAG } from '../shared/colors';
import { StaffAttachments } from './attachments';

export const caseKey = (id: string) => ['staff-case', id] as const;

/** The case as this member of staff may read it (GET /api/petitions/:id), with its steps. */
export function useStaffCase(id: string) {
  return useQuery({
    queryKey: caseKey(id),
    queryFn: () => unwrap(api.GET('/api/petitions/{ref}', { params: { path: { ref: id } } })) as Promise<PetitionView>,
  });
}

/** Set by a case page (CasePage): where a 409 is shown. */
const ConflictReport = createContext<((text: string | undefined) => void) | undefined>(undefined);

function ConflictAlert({ text }: { text: string }) {
  return (
    <Alert
      role="alert"
      type="warning"
      showIcon
      title={m.console.conflict}
      description={`${text}。${m.console.conflictHint}`}
      style={{ marginBottom: 12 }}
      data-testid="conflict"
    />
  );
}

/**
 * A case page: its facts and history, the actions beside them, and a 409 shown above both. The
 * banner lives here, not in the form that got the 409: the reloaded case often no longer offers that
 * form (an answered case has no interim reply), and the banner went with it.
 */
export function CasePage({ p, children }: { p: PetitionView; children?: ReactNode }) {
  const [conflict, setConflict] = useState<string>();
  return (
    <ConflictReport.Provider value={setConflict}>
      {conflict !== undefined && <ConflictAlert text={conflict} />}
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <CaseFacts p={p} />
        </Col>
        <Col xs={24} lg={10}>
          {children}
        </Col>
      </Row>
    </ConflictReport.Provider>
  );
}

/**
 * A command on the case: 400 next to the form's fields, 409 (the case moved on) shown with the
 * state it is in now and the case reloaded, anything else as an alert. 401 is handled globally.
 */
export function useCaseCommand<V>(
  id: string,
  run: (v: V) => Promise<unknown>,
  opts: { form?: FormInstance; fields?: string[]; onDone?: () => void } = {},
) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const reportConflict = useContext(ConflictReport);
  const [problem, setProblem] = useState<{ conflict: boolean; text: string }>();
  const mutation = useMutation({
    mutationFn: run,
    onMutate: () => {
      setProblem(undefined);
      reportConflict?.(undefined);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) {
        if (reportConflict) reportConflict(e.message);
        else setProblem({ conflict: true, text: e.message });
        void qc.invalidateQueries({ queryKey: caseKey(id) });
        return;
      }
      const general = opts.form ? showApiErrors(opts.form, e, opts.fields ?? []) : [e instanceof Error ? e.message : String(e)];
      if (general.length) setProblem({ conflict: false, text: general.join('；') });
    },
    onSuccess: () => {
      void message.success(m.console.done);
      opts.form?.resetFields();
      void qc.invalidateQueries({ queryKey: caseKey(id) });
      void qc.invalidateQueries({ queryKey: ['queue'] });
      opts.onDone?.();
    },
  });
  const alert = !problem ? null : problem.conflict ? (
    <ConflictAlert text={problem.text} />
  ) : (
    <Alert
      role="alert"
      type="error"
      showIcon
      title={m.errors.generic}
      description={problem.text}
      style={{ marginBottom: 12 }}
      data-testid="command-error"
    />
  );
  return { mutation, alert };
}

/** Facts of the case and its full history (全过程). */
export function CaseFacts({ p }: { p: PetitionView }) {
  return (
    <>
      <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{p.title}</h1>} size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'code', label: m.case.trackingCode, children: p.trackingCode },
            {
              key: 'status',
              label: m.listing.status,
              children: (
                <Tag color={TAG.red} data-testid="case-status">
                  {label(m.status, p.status)}
                </Tag>
              ),
            },
            { key: 'kind', label: m.submit.kind, children: label(m.kind, p.kind) },
            { key: 'channel', label: m.console.channel, children: label(m.channel, p.channel) },
            { key: 'to', label: m.submit.addressee, children: p.mailbox?.title ?? label(m.addressee, p.addressee?.type) },
            { key: 'citizen', label: m.console.citizen, children: [p.citizen?.name, p.citizen?.phone].filter(Boolean).join(' ') },
            { key: 'at', label: m.listing.submittedAt, children: formatTime(p.submittedAt) },
            ...(p.acknowledgeBy ? [{ key: 'ack', label: m.case.acknowledgeBy, children: formatTime(p.acknowledgeBy) }] : []),
            ...(p.respondBy ? [{ key: 'resp', label: m.case.respondBy, children: formatTime(p.respondBy) }] : []),
            ...(p.pendingExtension
              ? [{ key: 'ext', label: m.console.pendingExtension, children: formatTime(p.pendingExtension.requestedRespondBy) }]
              : []),
          ]}
        />
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>{p.content}</Typography.Paragraph>
        {p.location && <Typography.Paragraph type="secondary">{`${m.case.location}：${p.location}`}</Typography.Paragraph>}
        {p.districtCode && <District code={p.districtCode} />}
        {p.answer && <Alert type="success" title={m.case.answer} description={p.answer} />}
      </Card>
      <StaffAttachments p={p} />
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.console.history}</h2>} size="small">
        <Steps steps={p.steps ?? p.history.map((h) => ({ at: h.at, step: h.type }))} />
      </Card>
    </>
  );
}

/** 所在区县, which the dispatch's suggestion follows: read only for a case that names one. */
function District({ code }: { code: string }) {
  const name = useDistrictName()(code);
  // A code the district list cannot name is left out, never printed bare.
  if (!name) return null;
  return <Typography.Paragraph type="secondary" data-testid="case-district">{`${m.case.district}：${name}`}</Typography.Paragraph>;
}
