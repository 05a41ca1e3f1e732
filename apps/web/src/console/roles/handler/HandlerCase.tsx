import { Alert, Button, Card, DatePicker, Form, Input, Radio, Space, Typography } from 'antd';
import { useParams } from 'react-router';
import { api, idempotencyKey, unwrap } from '../../../api/client';
import type { PetitionView, Schemas } from '../../../api/types';
import { m } from '../../../i18n';
import { formatTime } from '../../../shared/format';
import { Loading, Problem } from '../../../shared/Problem';
import { FILES_FIELD, FilePicker, filesHint, filesRule, withFiles } from '../../../shared/attachments';
import { CasePage, useCaseCommand, useStaffCase } from '../../staff-case';
import { partInCase } from '../../co-handling';
import { currentSession } from '../../session';
import { CoHandlingActions } from './CoHandling';
import { OneTextCommand } from './OneTextCommand';

const header = () => ({ 'Idempotency-Key': idempotencyKey() });

/**
 * The department's case: full history, then 签收, 退单, 延期申请, 补充材料, 答复 as the state allows for
 * the lead; 协办, 下派 and 承办人 as the department's part in the case allows (CoHandling.tsx).
 */
export default function HandlerCase() {
  const { id = '' } = useParams();
  const q = useStaffCase(id);
  if (q.isPending) return <Loading />;
  if (q.isError) return <Problem error={q.error} />;
  const p = q.data;
  const open = p.status === 'dispatched' || p.status === 'in_progress';
  const departmentId = currentSession()?.departmentId;
  const part = partInCase(p.steps, p.departmentId, departmentId);
  return (
    <CasePage key={p.id} p={p}>
      {open && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {(part.lead || !departmentId) && <Actions p={p} />}
          <CoHandlingActions p={p} part={part} departmentId={departmentId} />
        </Space>
      )}
    </CasePage>
  );
}

function Actions({ p }: { p: PetitionView }) {
  const ack = useCaseCommand(p.id, () =>
    unwrap(api.POST('/api/petitions/{id}/acknowledge', { params: { path: { id: p.id }, header: header() }, body: {} })),
  );
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {!p.acknowledged && (
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.console.acknowledge}</h2>}>
          {ack.alert}
          <Button type="primary" onClick={() => ack.mutation.mutate(undefined)} loading={ack.mutation.isPending}>
            {m.console.acknowledge}
          </Button>
        </Card>
      )}
      {p.awaitingInformation && <InformationAwaited awaited={p.awaitingInformation} />}
      {p.acknowledged && !p.awaitingInformation && <RespondForm p={p} />}
      {p.acknowledged && <InterimForm p={p} />}
      {p.acknowledged && !p.awaitingInformation && !p.pendingExtension && <InformationRequestForm p={p} />}
      <ExtensionForm p={p} />
      <ReturnForm p={p} />
    </Space>
  );
}

/** 补充材料 asked and not yet supplied: no answer meanwhile, the response clock stands still. */
function InformationAwaited({ awaited }: { awaited: NonNullable<PetitionView['awaitingInformation']> }) {
  return (
    <Alert
      type="info"
      showIcon
      title={m.console.infoAwaited}
      data-testid="information-awaited"
      description={
        <>
          <Typography.Paragraph
            style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}
          >{`${m.case.question}：${awaited.question}`}</Typography.Paragraph>
          <div>{`${m.case.supplyBy}：${formatTime(awaited.supplyBy)}`}</div>
          <div>{m.console.clockPaused}</div>
        </>
      }
    />
  );
}

/** 补充材料: ask the citizen; the response clock pauses until they supply it or the policy's days pass. */
function InformationRequestForm({ p }: { p: PetitionView }) {
  return (
    <OneTextCommand
      p={p}
      name="information-request"
      field="question"
      title={m.console.infoRequest}
      label={m.console.infoQuestion}
      send={m.console.sendInfoRequest}
      rows={3}
      run={(question) =>
        unwrap(
          api.POST('/api/petitions/{id}/information-request', { params: { path: { id: p.id }, header: header() }, body: { question } }),
        )
      }
    />
  );
}

/** The form's outcome: 'answered' stands for an ordinary answer, which the API takes as no outcome. */
type Respond = Omit<Schemas['RespondToPetitionDto'], 'outcome'> & { outcome?: 'answered' | 'unreachable'; files?: File[] };

/** 答复, with photos or files (the answer's attachments are public with a public case, photos only); 联系不上 as its outcome. */
function RespondForm({ p }: { p: PetitionView }) {
  const [form] = Form.useForm<Respond>();
  const { mutation, alert } = useCaseCommand(
    p.id,
    ({ files, outcome, ...rest }: Respond) => {
      const body = { ...rest, ...(outcome === 'unreachable' && { outcome }) };
      return unwrap(
        api.POST('/api/petitions/{id}/respond', { params: { path: { id: p.id }, header: header() }, body, ...withFiles(files) }),
      );
    },
    { form, fields: ['answer', 'outcome', FILES_FIELD] },
  );
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.console.respond}</h2>}>
      {alert}
      <Form form={form} layout="vertical" name="respond" onFinish={(v) => mutation.mutate(v)}>
        <Form.Item name="outcome" label={m.console.answerOutcome} initialValue="answered">
          <Radio.Group
            options={[
              { value: 'answered', label: m.console.outcomeNormal },
              { value: 'unreachable', label: m.console.outcomeUnreachable },
            ]}
          />
        </Form.Item>
        <Form.Item name="answer" label={m.console.answer} rules={[{ required: true, message: m.submit.required }]}>
          <Input.TextArea rows={5} />
        </Form.Item>
        <Form.Item name={FILES_FIELD} label={m.attachments.label} extra={filesHint} rules={[filesRule]}>
          <FilePicker />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={mutation.isPending}>
          {m.console.sendAnswer}
        </Button>
      </Form>
    </Card>
  );
}

/** 阶段性答复: the citizen hears how it stands; the response deadline keeps running. */
function InterimForm({ p }: { p: PetitionView }) {
  return (
    <OneTextCommand
      p={p}
      name="interim"
      field="text"
      title={m.console.interim}
      label={m.console.interimText}
      send={m.console.sendInterim}
      rows={3}
      run={(text) =>
        unwrap(api.POST('/api/petitions/{id}/interim-reply', { params: { path: { id: p.id }, header: header() }, body: { text } }))
      }
    />
  );
}

function ExtensionForm({ p }: { p: PetitionView }) {
  const [form] = Form.useForm<{ reason: string; until?: { format(f: string): string } }>();
  const { mutation, alert } = useCaseCommand(
    p.id,
    (v: Schemas['RequestExtensionDto']) =>
      unwrap(api.POST('/api/petitions/{id}/extension-request', { params: { path: { id: p.id }, header: header() }, body: v })),
    { form, fields: ['reason', 'requestedRespondBy'] },
  );
  if (p.pendingExtension) return null;
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.console.extension}</h2>}>
      {alert}
      <Form
        form={form}
        layout="vertical"
        name="extension"
        onFinish={(v) => mutation.mutate({ reason: v.reason, requestedRespondBy: v.until?.format('YYYY-MM-DD') ?? '' })}
      >
        <Form.Item name="reason" label={m.console.extensionReason} rules={[{ required: true, message: m.submit.required }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="until" label={m.console.extensionUntil} rules={[{ required: true, message: m.submit.required }]}>
          <DatePicker />
        </Form.Item>
        <Button htmlType="submit" loading={mutation.isPending}>
          {m.console.extension}
        </Button>
      </Form>
    </Card>
  );
}

function ReturnForm({ p }: { p: PetitionView }) {
  return (
    <OneTextCommand
      p={p}
      name="return"
      field="reason"
      title={m.console.return}
      label={m.console.returnReason}
      send={m.console.return}
      rows={2}
      danger
      run={(reason) =>
        unwrap(api.POST('/api/petitions/{id}/return', { params: { path: { id: p.id }, header: header() }, body: { reason } }))
      }
    />
  );
}
