import { Alert, Button, Form, Input, Modal, Space, Tag } from 'antd';
import { useState } from 'react';
import { m } from '../../../i18n';

/**
 * Personal data is masked unless a reason is stated (the API logs every unmasked read with it):
 * the reason is asked here, before any read that shows it. 5–500 characters, as the API checks.
 */
export function ReasonGate({ reason, onReason }: { reason?: string; onReason: (r: string | undefined) => void }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Space wrap>
      <Tag data-testid="personal-data">{reason ? m.console.shown : m.console.masked}</Tag>
      {reason ? (
        <Button size="small" onClick={() => onReason(undefined)}>
          {m.console.masked}
        </Button>
      ) : (
        <Button size="small" onClick={() => setOpen(true)}>
          {m.console.unmask}
        </Button>
      )}
      <Modal
        open={open}
        title={m.console.unmask}
        okText={m.common.submit}
        cancelText={m.common.cancel}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Alert type="info" title={m.console.unmaskHint} style={{ marginBottom: 12 }} />
        <Form
          form={form}
          layout="vertical"
          name="unmask"
          onFinish={(v) => {
            onReason(v.reason.trim());
            setOpen(false);
          }}
        >
          <Form.Item
            name="reason"
            label={m.console.unmaskReason}
            rules={[{ required: true, whitespace: true, min: 5, max: 500, message: `${m.console.unmaskReason}：5–500 字` }]}
          >
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
