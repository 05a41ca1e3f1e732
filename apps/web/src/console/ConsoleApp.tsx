import { Button, Layout, Menu, Space, Typography } from 'antd';
import { Suspense } from 'react';
import { Link, Navigate, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router';
import { label, m } from '../i18n';
import { Loading, NotFound } from '../shared/Problem';
import { useDepartments } from '../shared/reference';
import { moduleFor, roleModules } from './roles';
import { currentSession, signOut } from './session';
import { SignIn, SignInCallback } from './SignIn';

/** Signed-in frame: the role's menu, then its screens. No session → sign-in, coming back here after. */
function Frame() {
  const session = currentSession();
  const location = useLocation();
  const navigate = useNavigate();
  if (!session) return <Navigate to={`/sign-in?next=${encodeURIComponent(`/console${location.pathname}${location.search}`)}`} replace />;
  const mod = moduleFor(session.role);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, background: '#1f1f1f' }}>
        <Typography.Text style={{ color: '#fff', fontSize: 17, fontWeight: 600, whiteSpace: 'nowrap' }}>
          {m.site.name} · {m.site.consoleTitle}
        </Typography.Text>
        <nav aria-label={m.site.consoleTitle} style={{ flex: 1, minWidth: 0 }}>
          <Menu
            theme="dark"
            mode="horizontal"
            // a role has at most four entries; the overflow measuring renders them see-through for a moment, which axe reads as low contrast
            disabledOverflow
            style={{ background: 'transparent' }}
            // the longest entry the path is under: /handler/surveys is 网上调查管理, not also /handler's queue
            selectedKeys={mod?.nav
              .filter((n) => location.pathname.startsWith(n.path))
              .sort((a, b) => b.path.length - a.path.length)
              .slice(0, 1)
              .map((n) => n.path)}
            items={mod?.nav.map((n) => ({ key: n.path, label: <Link to={n.path}>{n.label}</Link> }))}
          />
        </nav>
        <Space>
          <Typography.Text style={{ color: '#fff' }} data-testid="console-role">
            {label(m.console.roles, session.role)}
            {session.departmentId && <DepartmentName id={session.departmentId} />}
          </Typography.Text>
          <Button
            size="small"
            onClick={() => {
              signOut();
              navigate('/sign-in');
            }}
          >
            {m.console.signOut}
          </Button>
        </Space>
      </Layout.Header>
      {/* antd 6 draws Layout.Content as <main>: a second one inside made two nested main landmarks */}
      <Layout.Content style={{ padding: 24 }}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}

/** The department the token names, from the reference data (nothing while it loads or when the list lacks it). */
function DepartmentName({ id }: { id: string }) {
  const departments = useDepartments();
  const name = departments.data?.items.find((d) => d.id.toLowerCase() === id.toLowerCase())?.name;
  return name ? ` · ${name}` : null;
}

function Home() {
  const home = moduleFor(currentSession()?.role)?.home;
  return home ? <Navigate to={home} replace /> : <NotFound />;
}

export function ConsoleApp() {
  return (
    <Routes>
      <Route path="sign-in" element={<SignIn />} />
      <Route path="sign-in/callback" element={<SignInCallback />} />
      <Route element={<Frame />}>
        <Route index element={<Home />} />
        {roleModules.flatMap((r) =>
          r.routes.map((route) => <Route key={`${r.role}:${route.path}`} path={route.path} element={route.element} />),
        )}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
