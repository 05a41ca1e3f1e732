import { lazy } from 'react';
import { m } from '../../i18n';
import { OnlyFor } from './only-for';
import type { RoleModule } from './types';

const SupervisorInbox = lazy(() => import('./supervisor/SupervisorInbox'));
const SupervisorCase = lazy(() => import('./supervisor/SupervisorCase'));
const Rankings = lazy(() => import('./supervisor/Rankings'));
const AssessmentReport = lazy(() => import('./supervisor/AssessmentReport'));

const only = (element: React.ReactNode) => <OnlyFor role="supervisor">{element}</OnlyFor>;

/** 督查室: the inbox with one-click decisions, each case behind it, the rankings, the assessment report. */
export const supervisor: RoleModule = {
  role: 'supervisor',
  home: '/inbox',
  nav: [
    { path: '/inbox', label: m.console.inbox },
    { path: '/rankings', label: m.console.rankings },
    { path: '/report', label: m.console.report },
  ],
  routes: [
    { path: 'inbox', element: only(<SupervisorInbox />) },
    // The case opened from 督办待办: the menu keeps 督办待办 lit.
    { path: 'inbox/:id', element: only(<SupervisorCase />) },
    { path: 'rankings', element: only(<Rankings />) },
    { path: 'report', element: only(<AssessmentReport />) },
  ],
};
