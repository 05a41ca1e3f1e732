import { useQuery } from '@tanstack/react-query';
import { Button, Card, Form, Input, InputNumber, Select, Switch, Table, Typography } from 'antd';
import { api, unwrap } from '../../../api/client';
import type { Schemas } from '../../../api/types';
import { label, m } from '../../../i18n';
import { Problem } from '../../../shared/Problem';
import { useDepartments } from '../../../shared/reference';
import { useAdminCommand } from './command';

const TYPES = ['mayor', 'secretary'] as const;
type Changes = Schemas['UpdateMailboxDto'] & { id: string };

/** 领导信箱: the leaders' mailboxes the public submit form offers, added, retitled, moved and (de)activated here. */
export default function Mailboxes() {
  const mailboxes = useQuery({ queryKey: ['admin-mailboxes'], queryFn: () => unwrap(api.GET('/api/admin/mailboxes')) });
  const departments = useDepartments();
  const [form] = Form.useForm<Schemas['CreateMailboxDto']>();
  // The public list is reloaded too: the submit form of this browser must not offer a mailbox just closed.
  const reload = ['admin-mailboxes', 'mailboxes'];
  const add = useAdminCommand((v: Schemas['CreateMailboxDto']) => unwrap(api.POST('/api/admin/mailboxes', { body: v })), {
    form,
    fields: ['id', 'title', 'addresseeType', 'departmentId', 'displayOrder'],
    reload,
  });
  const change = useAdminCommand(
    ({ id, ...body }: Changes) => unwrap(api.PATCH('/api/admin/mailboxes/{id}', { params: { path: { id } }, body })),
    { reload },
  );
  const departmentOptions = departments.data?.items.filter((d) => d.active).map((d) => ({ value: d.id, label: d.name }));
  const required = [{ required: true, message: m.submit.required }];
  const a = m.console.admin;
  if (mailboxes.isError) return <Problem error={mailboxes.error} />;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {a.mailboxes}
      </Typography.Title>
      <Card size="small">
        {add.alert}
        {change.alert}
        <Form form={form} layout="inline" name="mailbox" onFinish={(v) => add.mutation.mutate(v)} style={{ marginBottom: 12, rowGap: 8 }}>
          <Form.Item name="id" label={a.mailboxId} rules={required}>
            <Input style={{ width: 160 }} placeholder="vice-mayor-culture" />
          </Form.Item>
          <Form.Item name="title" label={a.mailboxTitle} rules={required}>
            <Input />
          </Form.Item>
          <Form.Item name="addresseeType" label={a.mailboxType} rules={required}>
            <Select style={{ width: 100 }} options={TYPES.map((t) => ({ value: t, label: label(a.mailboxTypes, t) }))} />
          </Form.Item>
          <Form.Item name="departmentId" label={a.usualDepartment}>
            <Select style={{ width: 200 }} allowClear showSearch={{ optionFilterProp: 'label' }} options={departmentOptions} />
          </Form.Item>
          <Form.Item name="displayOrder" label={a.displayOrder}>
            <InputNumber min={0} precision={0} style={{ width: 90 }} />
          </Form.Item>
          <Button htmlType="submit" loading={add.mutation.isPending}>
            {a.add}
          </Button>
        </Form>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          loading={mailboxes.isPending}
          dataSource={mailboxes.data?.items ?? []}
          columns={[
            { title: a.mailboxId, dataIndex: 'id' },
            {
              title: a.mailboxTitle,
              key: 'title',
              render: (_, b) => (
                <Typography.Text
                  editable={{
                    triggerType: ['icon'],
                    onChange: (title) => title !== b.title && change.mutation.mutate({ id: b.id, title }),
                  }}
                >
                  {b.title}
                </Typography.Text>
              ),
            },
            { title: a.mailboxType, key: 'type', render: (_, b) => label(a.mailboxTypes, b.addresseeType) },
            {
              title: a.usualDepartment,
              key: 'department',
              render: (_, b) => (
                <Select
                  aria-label={`${a.usualDepartment} ${b.title}`}
                  style={{ width: 200 }}
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  value={b.departmentId}
                  options={departmentOptions}
                  onChange={(departmentId?: string) => change.mutation.mutate({ id: b.id, departmentId: departmentId ?? null })}
                />
              ),
            },
            {
              title: a.displayOrder,
              key: 'order',
              render: (_, b) => (
                <InputNumber
                  aria-label={`${a.displayOrder} ${b.title}`}
                  min={0}
                  precision={0}
                  style={{ width: 90 }}
                  defaultValue={b.displayOrder}
                  onBlur={(e) => {
                    const displayOrder = Number(e.target.value);
                    if (e.target.value !== '' && displayOrder !== b.displayOrder) change.mutation.mutate({ id: b.id, displayOrder });
                  }}
                />
              ),
            },
            {
              title: a.active,
              key: 'active',
              render: (_, b) => (
                <Switch
                  aria-label={`${a.active} ${b.title}`}
                  checked={b.active}
                  onChange={(active) => change.mutation.mutate({ id: b.id, active })}
                />
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
