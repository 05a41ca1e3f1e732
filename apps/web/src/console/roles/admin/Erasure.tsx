import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { api, unwrap } from '../../../api/client';
import { m } from '../../../i18n';
import { useAdminCommand } from './command';

/** 个人信息删除 (PIPL): irreversible, so confirmed in a dialog naming the case before it is sent. */
export default function Erasure() {
  const [form] = Form.useForm<{ id: string; reason: string }>();
  const erase = useAdminCommand(
    (v: { id: string; reason: string }) =>
      unwrap(api.POST('/api/admin/petitions/{id}/erasure', { params: { path: { id: v.id } }, body: { reason: v.reason } })),
    { form, fields: ['reason'], reload: [] },
  );
  const [modal, holder] = Modal.useModal();
  const required = [{ required: true, whitespace: true, message: m.submit.required }];
  return (
    <>
      {holder}
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {m.console.admin.erasure}
      </Typography.Title>
      <Alert type="warning" showIcon title={m.console.admin.erasureHint} style={{ marginBottom: 16, maxWidth: 640 }} />
      {erase.alert}
      <Form
        form={form}
        layout="vertical"
        name="erasure"
        style={{ maxWidth: 640 }}
        onFinish={(v) =>
          void modal.confirm({
            title: m.console.admin.erasureConfirm,
            content: v.id,
            okText: m.console.admin.erase,
            okButtonProps: { danger: true },
            cancelText: m.common.cancel,
            onOk: () => erase.mutation.mutateAsync({ id: v.id.trim(), reason: v.reason.trim() }).catch(() => undefined),
          })
        }
      >
        <Form.Item name="id" label={m.console.caseId} rules={required}>
          <Input />
        </Form.Item>
        <Form.Item name="reason" label={m.console.admin.erasureReason} rules={required}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Button danger htmlType="submit" loading={erase.mutation.isPending}>
          {m.console.admin.erase}
        </Button>
      </Form>
    </>
  );
}
