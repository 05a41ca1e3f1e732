import type { ReactNode } from 'react';
import { Button, Card, Form, Input, Select, Typography } from 'antd';
import { api, idempotencyKey, unwrap } from '../../../api/client';
import type { PetitionView, Schemas } from '../../../api/types';
import { m } from '../../../i18n';
import { formatTime } from '../../../shared/format';
import { useDepartments } from '../../../shared/reference';
import { type CasePart, unitsUnder } from '../../co-handling';
import { useCaseCommand } from '../../staff-case';
import { OneTextCommand } from './OneTextCommand';

const header = () => ({ 'Idempotency-Key': idempotencyKey() });

/**
 * 协办, 下派 and 承办人 as the department's part in the case allows (co-handling.ts): an assisting
 * department's contribution to the lead, the holder's pass down to a unit under it, a unit's answer
 * up, and the lead's naming of its handler. The lead alone answers the citizen (HandlerCase's forms).
 */
export function CoHandlingActions({ p, part, departmentId }: { p: PetitionView; part: CasePart; departmentId?: string }) {
  const departments = useDepartments();
  const name = (id?: string) => departments.data?.items.find((d) => d.id === id)?.name ?? id ?? '';
  return (
    <>
      {part.owesAssistance && (
        <ToTheLead
          p={p}
          kind="assistance"
          intro={
            <Typography.Paragraph data-testid="assistance-due">
              {m.console.assistanceIntro
                .replace('{lead}', name(part.owesAssistance.leadDepartmentId))
                .replace('{due}', formatTime(part.owesAssistance.contributeBy))}
            </Typography.Paragraph>
          }
        />
      )}
      {part.passedDownHere && <ToTheLead p={p} kind="answer-up" />}
      {part.holder && p.acknowledged && departmentId && <PassDownForm p={p} from={departmentId} />}
      {part.lead && <AssignHandlerForm p={p} />}
    </>
  );
}

/** What goes to the lead (or the unit above), never to the citizen: 协办意见 and 下派反馈. */
function ToTheLead({ p, kind, intro }: { p: PetitionView; kind: 'assistance' | 'answer-up'; intro?: ReactNode }) {
  const words =
    kind === 'assistance'
      ? { title: m.console.assistance, label: m.console.assistanceText, send: m.console.sendAssistance }
      : { title: m.console.answerUp, label: m.console.answerUpText, send: m.console.sendAnswerUp };
  const params = () => ({ params: { path: { id: p.id }, header: header() } });
  return (
    <OneTextCommand
      p={p}
      name={kind}
      field="text"
      rows={4}
      intro={intro}
      {...words}
      run={(text) =>
        unwrap(
          kind === 'assistance'
            ? api.POST('/api/petitions/{id}/assistance', { ...params(), body: { text } })
            : api.POST('/api/petitions/{id}/answer-up', { ...params(), body: { text } }),
        )
      }
    />
  );
}

/** 下派: to a unit under the department working the case; the lead keeps the deadlines and answers the citizen. */
function PassDownForm({ p, from }: { p: PetitionView; from: string }) {
  const [form] = Form.useForm<Schemas['PassDownPetitionDto']>();
  const departments = useDepartments();
  const units = unitsUnder(departments.data?.items ?? [], from);
  const { mutation, alert } = useCaseCommand(
    p.id,
    (v: Schemas['PassDownPetitionDto']) =>
      unwrap(api.POST('/api/petitions/{id}/pass-down', { params: { path: { id: p.id }, header: header() }, body: v })),
    { form, fields: ['departmentId', 'note'] },
  );
  if (units.length === 0) return null;
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.console.passDown}</h2>}>
      {alert}
      <Form
        form={form}
        layout="vertical"
        name="pass-down"
        onFinish={(v) => mutation.mutate({ departmentId: v.departmentId, ...(v.note?.trim() ? { note: v.note.trim() } : {}) })}
      >
        <Form.Item name="departmentId" label={m.console.passDownTo} rules={[{ required: true, message: m.submit.required }]}>
          <Select options={units.map((d) => ({ value: d.id, label: d.name }))} />
        </Form.Item>
        <Form.Item name="note" label={m.console.note}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Typography.Paragraph type="secondary">{m.console.passDownHint}</Typography.Paragraph>
        <Button htmlType="submit" loading={mutation.isPending}>
          {m.console.passDown}
        </Button>
      </Form>
    </Card>
  );
}

/** 承办人: the person in the lead department who handles the case (the staff member's id, or the caller's own). */
function AssignHandlerForm({ p }: { p: PetitionView }) {
  const [form] = Form.useForm<Schemas['AssignHandlerDto']>();
  const { mutation, alert } = useCaseCommand(
    p.id,
    (v: Schemas['AssignHandlerDto']) =>
      unwrap(api.POST('/api/petitions/{id}/handler', { params: { path: { id: p.id }, header: header() }, body: v })),
    { form, fields: ['handlerId', 'handlerName'] },
  );
  const current = [...(p.steps ?? [])].reverse().find((s) => s.step === 'handler_assigned')?.handlerName;
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.console.assignHandler}</h2>}>
      {alert}
      {current && <Typography.Paragraph data-testid="current-handler">{`${m.console.currentHandler}：${current}`}</Typography.Paragraph>}
      <Form
        form={form}
        layout="vertical"
        name="handler"
        onFinish={(v) =>
          mutation.mutate({ handlerName: v.handlerName.trim(), ...(v.handlerId?.trim() ? { handlerId: v.handlerId.trim() } : {}) })
        }
      >
        <Form.Item name="handlerName" label={m.console.handlerName} rules={[{ required: true, message: m.submit.required }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="handlerId" label={m.console.handlerId} extra={m.console.handlerIdHint}>
          <Input maxLength={128} />
        </Form.Item>
        <Button htmlType="submit" loading={mutation.isPending}>
          {m.console.assignHandler}
        </Button>
      </Form>
    </Card>
  );
}
