import { Layout } from 'antd';
import { lazy, Suspense } from 'react';
import { Link, NavLink, Route, Routes } from 'react-router';
import { m } from '../i18n';
import { Loading, NotFound } from '../shared/Problem';
import { ListingPage } from './pages/ListingPage';

// The listing is the landing page and ships in the entry; every other page (the statistics with
// ECharts above all) is its own chunk, loaded when opened.
const CasePage = lazy(() => import('./pages/CasePage'));
const SubmitPage = lazy(() => import('./pages/SubmitPage'));
const MyCasePage = lazy(() => import('./pages/MyCasePage'));
const RankingsPage = lazy(() => import('./pages/RankingsPage'));
const StatisticsPage = lazy(() => import('./pages/StatisticsPage'));
const ConsultationsPage = lazy(() => import('./pages/ConsultationsPage'));
const ConsultationPage = lazy(() => import('./pages/ConsultationPage'));
const SurveysPage = lazy(() => import('./pages/SurveysPage'));
const SurveyPage = lazy(() => import('./pages/SurveyPage'));
const InterviewsPage = lazy(() => import('./pages/InterviewsPage'));
const InterviewPage = lazy(() => import('./pages/InterviewPage'));

const NAV = [
  { key: '/', label: m.site.nav.listing },
  { key: '/submit', label: m.site.nav.submit },
  { key: '/my', label: m.site.nav.myCase },
  { key: '/rankings', label: m.site.nav.rankings },
  { key: '/statistics', label: m.site.nav.statistics },
  { key: '/consultations', label: m.site.nav.consultations },
  { key: '/surveys', label: m.site.nav.surveys },
  { key: '/interviews', label: m.site.nav.interviews },
];

export function PublicApp() {
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a
        href="#main"
        className="wz-skip"
        style={{ position: 'absolute', left: -9999 }}
        onFocus={(e) => (e.currentTarget.style.left = '8px')}
        onBlur={(e) => (e.currentTarget.style.left = '-9999px')}
      >
        {m.site.skipToContent}
      </a>
      {/* antd's Header is 64 px high with a 64 px line: on a phone the wrapped links fell out of the red
          bar, white on grey. Its height follows the links, which wrap under the title. */}
      <Layout.Header
        data-testid="site-header"
        style={{
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          columnGap: 24,
          rowGap: 4,
          height: 'auto',
          minHeight: 64,
          lineHeight: '32px',
          padding: '8px clamp(16px, 4vw, 50px)',
          background: '#8b0000',
        }}
      >
        <Link to="/" style={{ color: '#fff', fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap' }}>
          {m.site.name} · {m.site.publicTitle}
        </Link>
        {/* Plain links, not antd's Menu: the header is on every page's first load. */}
        <nav aria-label={m.site.publicTitle} style={{ display: 'flex', flexWrap: 'wrap', columnGap: 20, rowGap: 0 }}>
          {NAV.map((n) => (
            <NavLink
              key={n.key}
              to={n.key}
              end={n.key === '/'}
              style={({ isActive }) => ({
                color: '#fff',
                fontWeight: isActive ? 700 : 400,
                borderBottom: isActive ? '2px solid #fff' : 'none',
              })}
            >
              {n.label}
            </NavLink>
          ))}
        </nav>
      </Layout.Header>
      <Layout.Content id="main" style={{ padding: '24px 16px', maxWidth: 1100, width: '100%', margin: '0 auto' }}>
        <main>
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route index element={<ListingPage />} />
              <Route path="cases/:code" element={<CasePage />} />
              <Route path="submit" element={<SubmitPage />} />
              <Route path="my" element={<MyCasePage />} />
              <Route path="rankings" element={<RankingsPage />} />
              <Route path="statistics" element={<StatisticsPage />} />
              <Route path="consultations" element={<ConsultationsPage />} />
              <Route path="consultations/:id" element={<ConsultationPage />} />
              <Route path="surveys" element={<SurveysPage />} />
              <Route path="surveys/:id" element={<SurveyPage />} />
              <Route path="interviews" element={<InterviewsPage />} />
              <Route path="interviews/:id" element={<InterviewPage />} />
              <Route path="*" element={<NotFound />} />
            </Routes>
          </Suspense>
        </main>
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', color: '#595959' }}>{m.site.name}</Layout.Footer>
    </Layout>
  );
}
