import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Select, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/errors';
import { label, m } from '../i18n';
import { showApiErrors } from '../shared/form-errors';
import { useDepartments } from '../shared/reference';
import { moduleFor, roleModules } from './roles';
import { signIn } from './session';

interface Choice {
  role: string;
  departmentId?: string;
}

/**
 * Development sign-in: POST /api/dev/token mints a token for the chosen role. The route exists only
 * when the API runs on its generated development secret (apps/api/src/dev-token), so in production
 * this page says to use single sign-on. It is outside the OpenAPI document on purpose, hence fetch.
 */
async function mint(choice: Choice): Promise<string> {
  const res = await fetch('/api/dev/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(choice),
  });
  const body = (await res.json().catch(() => ({}))) as { token?: string; message?: string };
  if (!res.ok || !body.token) throw new ApiError(res.status, body.message ?? m.console.devUnavailable);
  return body.token;
}

export function SignIn() {
  const [form] = Form.useForm<Choice>();
  const [general, setGeneral] = useState<string[]>([]);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const departments = useDepartments();
  const role = Form.useWatch('role', form);
  const go = useMutation({
    mutationFn: mint,
    onMutate: () => setGeneral([]),
    onError: (e) =>
      setGeneral(e instanceof ApiError && e.status === 404 ? [m.console.devUnavailable] : showApiErrors(form, e, ['role', 'departmentId'])),
    onSuccess: (token) => {
      const session = signIn(token);
      const next = params.get('next')?.replace(/^\/console/, '');
      navigate(next || moduleFor(session?.role)?.home || '/', { replace: true });
    },
  });
  return (
    <Card
      style={{ maxWidth: 420, margin: '64px auto' }}
      title={<h1 style={{ fontSize: 20, margin: 0 }}>{`${m.site.name} · ${m.console.signIn}`}</h1>}
    >
      <Typography.Paragraph type="secondary">{m.console.devHint}</Typography.Paragraph>
      <Form<Choice> form={form} layout="vertical" name="sign-in" initialValues={{ role: 'reviewer' }} onFinish={(v) => go.mutate(v)}>
        <Form.Item name="role" label={m.console.role} rules={[{ required: true, message: m.submit.required }]}>
          <Select options={roleModules.map((r) => ({ value: r.role, label: label(m.console.roles, r.role) }))} />
        </Form.Item>
        {role === 'handler' && (
          <Form.Item name="departmentId" label={m.console.department} rules={[{ required: true, message: m.submit.required }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={departments.data?.items.map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
        )}
        {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} role="alert" style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" block loading={go.isPending}>
          {m.console.devSignIn}
        </Button>
      </Form>
    </Card>
  );
}
