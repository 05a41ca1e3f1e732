import { useQuery } from '@tanstack/react-query';
import { Button, Form, Modal, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../../api/client';
import type { Schemas } from '../../../api/types';
import { label, m } from '../../../i18n';
import { formatTime } from '../../../shared/format';
import { Problem } from '../../../shared/Problem';
import { WholeNumberInput, typedDigits, wholeNumber, wholeNumberRule } from '../../../shared/whole-number';
import { useAdminCommand } from './command';

type Policy = Schemas['PolicyView'];
type Fields = Schemas['TimeLimitPolicyDto'];
const FIELDS: (keyof Fields)[] = [
  'acknowledgeWithinWorkingDays',
  'respondWithinWorkingDays',
  'escalateAfterOverdueWorkingDays',
  'maxExtensionWorkingDays',
  'decideExtensionWithinWorkingDays',
  'rateWithinWorkingDays',
  'maxReopens',
  'callbackAttempts',
];

/** 时限政策 per kind of case: applies to cases dispatched after the change. */
export default function Policies() {
  const q = useQuery({ queryKey: ['policies'], queryFn: () => unwrap(api.GET('/api/admin/policies')) });
  const [editing, setEditing] = useState<Policy>();
  if (q.isError) return <Problem error={q.error} />;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {m.console.admin.policies}
      </Typography.Title>
      <Table<Policy>
        rowKey="kind"
        size="small"
        pagination={false}
        loading={q.isPending}
        dataSource={q.data?.items ?? []}
        scroll={{ x: true }}
        columns={[
          { title: m.submit.kind, key: 'kind', render: (_, p) => label(m.kind, p.kind) },
          ...FIELDS.map((f) => ({ title: m.console.admin.policy[f], key: f, render: (_: unknown, p: Policy) => p[f] ?? '—' })),
          { title: m.console.since, key: 'at', render: (_, p) => formatTime(p.updatedAt) },
          {
            title: '',
            key: 'edit',
            render: (_, p) => (
              <Button size="small" onClick={() => setEditing(p)} aria-label={`${m.console.admin.edit} ${label(m.kind, p.kind)}`}>
                {m.console.admin.edit}
              </Button>
            ),
          },
        ]}
      />
      {editing && <EditPolicy policy={editing} onClose={() => setEditing(undefined)} />}
    </>
  );
}

function EditPolicy({ policy, onClose }: { policy: Policy; onClose: () => void }) {
  const [form] = Form.useForm<Fields>();
  const { mutation, alert } = useAdminCommand(
    (v: Fields) =>
      unwrap(
        api.PUT('/api/admin/policies/{kind}', {
          params: { path: { kind: policy.kind } },
          // Each field as typed, a number once checked; its range is the API's (a 400 names the field and says it).
          body: Object.fromEntries(FIELDS.filter((f) => v[f] !== undefined).map((f) => [f, wholeNumber(v[f])])) as unknown as Fields,
        }),
      ),
    { form, fields: FIELDS, reload: ['policies'], onDone: onClose },
  );
  return (
    <Modal
      open
      title={`${m.console.admin.policies} · ${label(m.kind, policy.kind)}`}
      okText={m.common.submit}
      cancelText={m.common.cancel}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={mutation.isPending}
    >
      {alert}
      <Form form={form} layout="vertical" name="policy" initialValues={policy} onFinish={(v) => mutation.mutate(v)}>
        {FIELDS.map((f) => (
          // No clamping to a range of the screen's own: 90 stayed 60 on blur, unsaid; the API names each field's range.
          <Form.Item key={f} name={f} label={m.console.admin.policy[f]} normalize={typedDigits} rules={[wholeNumberRule()]}>
            <WholeNumberInput />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
