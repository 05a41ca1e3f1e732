import { Button, Form, Input, Modal, type ButtonProps } from 'antd';
import { useState } from 'react';
import { m } from '../i18n';
import { useCaseCommand } from './staff-case';

/**
 * A command on a case that needs a stated reason (refuse, reopen, escalate): the button opens a
 * dialog with the reason; the API's 400 shows next to it, a 409 above it.
 */
export function ReasonAction({
  caseId,
  title,
  reasonLabel,
  run,
  button,
}: {
  caseId: string;
  title: string;
  reasonLabel: string;
  run: (reason: string) => Promise<unknown>;
  button?: ButtonProps;
}) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const { mutation, alert } = useCaseCommand(caseId, (v: { reason: string }) => run(v.reason), {
    form,
    fields: ['reason'],
    onDone: () => setOpen(false),
  });
  return (
    <>
      <Button size="small" {...button} onClick={() => setOpen(true)}>
        {title}
      </Button>
      <Modal
        open={open}
        title={title}
        okText={m.common.submit}
        cancelText={m.common.cancel}
        confirmLoading={mutation.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        {alert}
        <Form form={form} layout="vertical" name={`reason-${title}`} onFinish={(v) => mutation.mutate(v)}>
          <Form.Item name="reason" label={reasonLabel} rules={[{ required: true, message: m.submit.required }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
