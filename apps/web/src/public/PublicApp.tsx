import { lazy, Suspense, type ComponentType } from 'react';
import { Link, NavLink, Route, Routes } from 'react-router';
import { m } from '../i18n';
import { ListingPage } from './pages/ListingPage';
import { PUBLIC_CSS } from './style';

/**
 * Every page but the listing is its own chunk (the statistics with ECharts above all), drawn with antd
 * in the site's theme; the theme's chunk loads beside the page's, not after it. The listing, the
 * landing page, ships in the entry and uses no antd (README, Fast 3G).
 */
const page = (load: () => Promise<{ default: ComponentType }>) =>
  lazy(async () => {
    const [{ AntdConfig }, { default: Page }] = await Promise.all([import('../shared/Providers'), load()]);
    return {
      default: () => (
        <AntdConfig>
          <Page />
        </AntdConfig>
      ),
    };
  });
const CasePage = page(() => import('./pages/CasePage'));
const SubmitPage = page(() => import('./pages/SubmitPage'));
const MyCasePage = page(() => import('./pages/MyCasePage'));
const RankingsPage = page(() => import('./pages/RankingsPage'));
const StatisticsPage = page(() => import('./pages/StatisticsPage'));
const ConsultationsPage = page(() => import('./pages/ConsultationsPage'));
const ConsultationPage = page(() => import('./pages/ConsultationPage'));
const SurveysPage = page(() => import('./pages/SurveysPage'));
const SurveyPage = page(() => import('./pages/SurveyPage'));
const InterviewsPage = page(() => import('./pages/InterviewsPage'));
const InterviewPage = page(() => import('./pages/InterviewPage'));
const NotFound = page(() => import('../shared/Problem').then((p) => ({ default: p.NotFound })));

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
    <div className="wz-layout">
      <style>{PUBLIC_CSS}</style>
      <a href="#main" className="wz-skip">
        {m.site.skipToContent}
      </a>
      {/* The links wrap under the title on a phone, and the red bar grows with them. */}
      <header data-testid="site-header" className="wz-header">
        <Link to="/" className="wz-site">
          {m.site.name} · {m.site.publicTitle}
        </Link>
        <nav aria-label={m.site.publicTitle}>
          {NAV.map((n) => (
            <NavLink key={n.key} to={n.key} end={n.key === '/'}>
              {n.label}
            </NavLink>
          ))}
        </nav>
      </header>
      <div id="main" className="wz-content">
        <main>
          <Suspense
            fallback={
              <p role="status" className="wz-empty">
                {m.common.loading}
              </p>
            }
          >
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
      </div>
      <footer className="wz-footer">{m.site.name}</footer>
    </div>
  );
}
