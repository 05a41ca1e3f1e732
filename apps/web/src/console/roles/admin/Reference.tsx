import { Button, Card, Form, Input, Select, Switch, Table, Typography } from 'antd';
import { api, unwrap } from '../../../api/client';
import type { Schemas } from '../../../api/types';
import { label, m } from '../../../i18n';
import { Problem } from '../../../shared/Problem';
import { useCategories, useDepartments } from '../../../shared/reference';
import { useAdminCommand } from './command';

const KINDS = ['district_government', 'county_government', 'municipal_bureau', 'public_utility'] as const;

/** 部门与分类: the lists dispatch offers, with new entries and (de)activation. */
export default function Reference() {
  const departments = useDepartments();
  const categories = useCategories();
  const [deptForm] = Form.useForm<Schemas['CreateDepartmentDto']>();
  const [catForm] = Form.useForm<Schemas['CreateCategoryDto']>();
  const addDept = useAdminCommand((v: Schemas['CreateDepartmentDto']) => unwrap(api.POST('/api/admin/departments', { body: v })), {
    form: deptForm,
    fields: ['code', 'name', 'kind', 'parentId'],
    reload: ['departments'],
  });
  const toggleDept = useAdminCommand(
    (v: { id: string; active: boolean }) =>
      unwrap(api.PATCH('/api/admin/departments/{id}', { params: { path: { id: v.id } }, body: { active: v.active } })),
    { reload: ['departments'] },
  );
  // The department tree (市 → 区县 → 街道 → 社区) that 下派 goes down: the API refuses a cycle (400, shown above the table).
  const moveDept = useAdminCommand(
    (v: { id: string; parentId: string | null }) =>
      unwrap(api.PATCH('/api/admin/departments/{id}', { params: { path: { id: v.id } }, body: { parentId: v.parentId } })),
    { reload: ['departments'] },
  );
  const addCat = useAdminCommand((v: Schemas['CreateCategoryDto']) => unwrap(api.POST('/api/admin/categories', { body: v })), {
    form: catForm,
    fields: ['code', 'name', 'defaultDepartmentId'],
    reload: ['categories'],
  });
  const toggleCat = useAdminCommand(
    (v: { id: string; active: boolean }) =>
      unwrap(api.PATCH('/api/admin/categories/{id}', { params: { path: { id: v.id } }, body: { active: v.active } })),
    { reload: ['categories'] },
  );
  const deptName = (id: string) => departments.data?.items.find((d) => d.id === id)?.name ?? id;
  const required = [{ required: true, message: m.submit.required }];
  if (departments.isError) return <Problem error={departments.error} />;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {m.console.admin.reference}
      </Typography.Title>
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.console.admin.departments}</h2>} style={{ marginBottom: 16 }}>
        {addDept.alert}
        {toggleDept.alert}
        {moveDept.alert}
        <Form
          form={deptForm}
          layout="inline"
          name="department"
          onFinish={(v) => addDept.mutation.mutate(v)}
          style={{ marginBottom: 12, rowGap: 8 }}
        >
          <Form.Item name="code" label={m.console.admin.code} rules={required}>
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="name" label={m.console.admin.name} rules={required}>
            <Input />
          </Form.Item>
          <Form.Item name="kind" label={m.console.admin.kind} rules={required}>
            <Select style={{ width: 140 }} options={KINDS.map((k) => ({ value: k, label: label(m.console.admin.kinds, k) }))} />
          </Form.Item>
          <Form.Item name="parentId" label={m.console.admin.parent}>
            <Select allowClear style={{ width: 180 }} options={departments.data?.items.map((d) => ({ value: d.id, label: d.name }))} />
          </Form.Item>
          <Button htmlType="submit" loading={addDept.mutation.isPending}>
            {m.console.admin.add}
          </Button>
        </Form>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          loading={departments.isPending}
          dataSource={departments.data?.items ?? []}
          columns={[
            { title: m.console.admin.code, dataIndex: 'code' },
            { title: m.console.admin.name, dataIndex: 'name' },
            { title: m.console.admin.kind, key: 'kind', render: (_, d) => label(m.console.admin.kinds, d.kind) },
            {
              title: m.console.admin.parent,
              key: 'parent',
              render: (_, d) => (
                <Select
                  allowClear
                  aria-label={`${m.console.admin.parent} ${d.name}`}
                  style={{ width: 180 }}
                  value={d.parentId}
                  placeholder={m.console.admin.noParent}
                  onChange={(parentId?: string) => moveDept.mutation.mutate({ id: d.id, parentId: parentId ?? null })}
                  options={departments.data?.items.filter((o) => o.id !== d.id).map((o) => ({ value: o.id, label: o.name }))}
                />
              ),
            },
            {
              title: m.console.admin.active,
              key: 'active',
              render: (_, d) => (
                <Switch
                  aria-label={`${m.console.admin.active} ${d.name}`}
                  checked={d.active}
                  onChange={(active) => toggleDept.mutation.mutate({ id: d.id, active })}
                />
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.console.admin.categories}</h2>}>
        {addCat.alert}
        {toggleCat.alert}
        <Form
          form={catForm}
          layout="inline"
          name="category"
          onFinish={(v) => addCat.mutation.mutate(v)}
          style={{ marginBottom: 12, rowGap: 8 }}
        >
          <Form.Item name="code" label={m.console.admin.code} rules={required}>
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="name" label={m.console.admin.name} rules={required}>
            <Input />
          </Form.Item>
          <Form.Item name="defaultDepartmentId" label={m.console.admin.defaultDepartment} rules={required}>
            <Select
              style={{ width: 200 }}
              showSearch={{ optionFilterProp: 'label' }}
              options={departments.data?.items.filter((d) => d.active).map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
          <Button htmlType="submit" loading={addCat.mutation.isPending}>
            {m.console.admin.add}
          </Button>
        </Form>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          loading={categories.isPending}
          dataSource={(categories.data?.items ?? []) as Schemas['CategoryView'][]}
          columns={[
            { title: m.console.admin.code, dataIndex: 'code' },
            { title: m.console.admin.name, dataIndex: 'name' },
            { title: m.console.admin.defaultDepartment, key: 'dept', render: (_, c) => deptName(c.defaultDepartmentId) },
            {
              title: m.console.admin.active,
              key: 'active',
              render: (_, c) => (
                <Switch
                  aria-label={`${m.console.admin.active} ${c.name}`}
                  checked={c.active}
                  onChange={(active) => toggleCat.mutation.mutate({ id: c.id, active })}
                />
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
