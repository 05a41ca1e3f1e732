import type { ReactNode } from 'react';
import { Button, Card, Form, Input } from 'antd';
import type { PetitionView } from '../../../api/types';
import { m } from '../../../i18n';
import { useCaseCommand } from '../../staff-case';

/**
 * A command on the case that takes one text (补充材料, 阶段性答复, 退单, 协办意见, 下派反馈): its card
 * and form, a 400 next to the field, a 409 above the case.
 */
export function OneTextCommand({
  p,
  name,
  field,
  title,
  label,
  send,
  rows,
  danger,
  intro,
  run,
}: {
  p: PetitionView;
  name: string;
  field: string;
  title: string;
  label: string;
  send: string;
  rows: number;
  danger?: boolean;
  /** What the form is about, above it (a due date, to whom it goes). */
  intro?: ReactNode;
  run: (text: string) => Promise<unknown>;
}) {
  const [form] = Form.useForm<Record<string, string>>();
  const { mutation, alert } = useCaseCommand(p.id, (v: Record<string, string>) => run(v[field]), { form, fields: [field] });
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{title}</h2>}>
      {alert}
      {intro}
      <Form form={form} layout="vertical" name={name} onFinish={(v) => mutation.mutate(v)}>
        <Form.Item name={field} label={label} rules={[{ required: true, message: m.submit.required }]}>
          <Input.TextArea rows={rows} />
        </Form.Item>
        <Button danger={danger} htmlType="submit" loading={mutation.isPending}>
          {send}
        </Button>
      </Form>
    </Card>
  );
}
