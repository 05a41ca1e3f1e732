import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/errors';
import { label, m } from '../i18n';
import { showApiErrors } from '../shared/form-errors';
import { Loading, Problem } from '../shared/Problem';
import { useDepartments } from '../shared/reference';
import { authConfig, finishSignIn, startSignIn, type AuthConfig } from './oidc';
import { moduleFor, roleModules } from './roles';
import { signIn } from './session';

interface Choice {
  role: string;
  departmentId?: string;
}

/**
 * Development sign-in: POST /api/dev/token mints a token for the chosen role. The route exists only
 * when the API runs on its generated development secret (apps/api/src/dev-token). It is outside the
 * OpenAPI document on purpose, hence fetch.
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

const useAuthConfig = () => useQuery({ queryKey: ['auth-config'], queryFn: authConfig, staleTime: Infinity });

/** Keeps the token and opens the role's home, or the page that sent here; a token with no role of ours is refused. */
function useEnter() {
  const navigate = useNavigate();
  return (token: string, next: string | null | undefined): boolean => {
    const session = signIn(token);
    const home = moduleFor(session?.role)?.home;
    if (!home) return false;
    navigate(next?.replace(/^\/console/, '') || home, { replace: true });
    return true;
  };
}

const frame = (children: React.ReactNode) => (
  <Card
    style={{ maxWidth: 420, margin: '64px auto' }}
    title={<h1 style={{ fontSize: 20, margin: 0 }}>{`${m.site.name} · ${m.console.signIn}`}</h1>}
  >
    {children}
  </Card>
);

/** The sign-in page: single sign-on where configured, the role picker on the development secret, otherwise a plain notice. */
export function SignIn() {
  const config = useAuthConfig();
  const [params] = useSearchParams();
  if (config.isPending) return <Loading />;
  if (config.isError) return <Problem error={config.error} />;
  if (config.data.mode === 'oidc') return frame(<SsoSignIn config={config.data} next={params.get('next')} />);
  if (config.data.mode === 'dev') return frame(<DevSignIn next={params.get('next')} />);
  return frame(<Alert type="info" showIcon title={m.console.noSignIn} />);
}

function SsoSignIn({ config, next }: { config: AuthConfig; next: string | null }) {
  const go = useMutation({ mutationFn: () => startSignIn(config, next) });
  return (
    <>
      <Typography.Paragraph type="secondary">{m.console.ssoHint}</Typography.Paragraph>
      {go.isError && (
        <Alert type="error" showIcon role="alert" title={m.console.ssoFailed} description={go.error.message} style={{ marginBottom: 12 }} />
      )}
      <Button type="primary" block loading={go.isPending} onClick={() => go.mutate()}>
        {m.console.ssoSignIn}
      </Button>
    </>
  );
}

/** /console/sign-in/callback: the issuer's redirect with the authorization code. */
export function SignInCallback() {
  const config = useAuthConfig();
  const enter = useEnter();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    if (config.data?.mode !== 'oidc') return;
    let live = true;
    finishSignIn(config.data).then(
      ({ token, next }) => {
        if (live && !enter(token, next)) setProblem(m.console.ssoNoRole);
      },
      (e: unknown) => live && setProblem(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
    // once the configuration is known (finishSignIn exchanges a code only once)
  }, [config.data]);
  if (config.isError) return <Problem error={config.error} />;
  if (!problem) return frame(<Loading />);
  return frame(
    <>
      <Alert type="error" showIcon role="alert" title={m.console.ssoFailed} description={problem} style={{ marginBottom: 12 }} />
      <Button href="/console/sign-in">{m.console.ssoSignIn}</Button>
    </>,
  );
}

function DevSignIn({ next }: { next: string | null }) {
  const [form] = Form.useForm<Choice>();
  const [general, setGeneral] = useState<string[]>([]);
  const enter = useEnter();
  const departments = useDepartments();
  const role = Form.useWatch('role', form);
  const go = useMutation({
    mutationFn: mint,
    onMutate: () => setGeneral([]),
    onError: (e) =>
      setGeneral(e instanceof ApiError && e.status === 404 ? [m.console.devUnavailable] : showApiErrors(form, e, ['role', 'departmentId'])),
    onSuccess: (token) => enter(token, next),
  });
  return (
    <>
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
    </>
  );
}
