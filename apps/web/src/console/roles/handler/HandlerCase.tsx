import { Button, Card, DatePicker, Form, Input, Space } from 'antd';
import { useParams } from 'react-router';
import { api, idempotencyKey, unwrap } from '../../../api/client';
import type { PetitionView, Schemas } from '../../../api/types';
import { m } from '../../../i18n';
import { Loading, Problem } from '../../../shared/Problem';
import { FILES_FIELD, FilePicker, filesHint, filesRule, withFiles } from '../../../shared/attachments';
import { CasePage, useCaseCommand, useStaffCase } from '../../staff-case';

const header = () => ({ 'Idempotency-Key': idempotencyKey() });

/** The department's case: full history, then 签收, 退单, 延期申请, 答复 as the state allows. */
export default function HandlerCase() {
  const { id = '' } = useParams();
  const q = useStaffCase(id);
  if (q.isPending) return <Loading />;
  if (q.isError) return <Problem error={q.error} />;
  const p = q.data;
  const open = p.status === 'dispatched' || p.status === 'in_progress';
  return (
    <CasePage key={p.id} p={p}>
      {open && <Actions p={p} />}
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
      {p.acknowledged && <RespondForm p={p} />}
      {p.acknowledged && <InterimForm p={p} />}
      <ExtensionForm p={p} />
      <ReturnForm p={p} />
    </Space>
  );
}

type Respond = Schemas['RespondToPetitionDto'] & { files?: File[] };

/** 答复, with photos or files (the answer's attachments are public with a public case, photos only). */
function RespondForm({ p }: { p: PetitionView }) {
  const [form] = Form.useForm<Respond>();
  const { mutation, alert } = useCaseCommand(
    p.id,
    ({ files, ...body }: Respond) =>
      unwrap(api.POST('/api/petitions/{id}/respond', { params: { path: { id: p.id }, header: header() }, body, ...withFiles(files) })),
    { form, fields: ['answer', FILES_FIELD] },
  );
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.console.respond}</h2>}>
      {alert}
      <Form form={form} layout="vertical" name="respond" onFinish={(v) => mutation.mutate(v)}>
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
  const [form] = Form.useForm<Schemas['ReplyInterimDto']>();
  const { mutation, alert } = useCaseCommand(
    p.id,
    (v: Schemas['ReplyInterimDto']) =>
      unwrap(api.POST('/api/petitions/{id}/interim-reply', { params: { path: { id: p.id }, header: header() }, body: v })),
    { form, fields: ['text'] },
  );
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.console.interim}</h2>}>
      {alert}
      <Form form={form} layout="vertical" name="interim" onFinish={(v) => mutation.mutate(v)}>
        <Form.Item name="text" label={m.console.interimText} rules={[{ required: true, message: m.submit.required }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Button htmlType="submit" loading={mutation.isPending}>
          {m.console.sendInterim}
        </Button>
      </Form>
    </Card>
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
  const [form] = Form.useForm<Schemas['ReturnPetitionDto']>();
  const { mutation, alert } = useCaseCommand(
    p.id,
    (v: Schemas['ReturnPetitionDto']) =>
      unwrap(api.POST('/api/petitions/{id}/return', { params: { path: { id: p.id }, header: header() }, body: v })),
    { form, fields: ['reason'] },
  );
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.console.return}</h2>}>
      {alert}
      <Form form={form} layout="vertical" name="return" onFinish={(v) => mutation.mutate(v)}>
        <Form.Item name="reason" label={m.console.returnReason} rules={[{ required: true, message: m.submit.required }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Button danger htmlType="submit" loading={mutation.isPending}>
          {m.console.return}
        </Button>
      </Form>
    </Card>
  );
}
