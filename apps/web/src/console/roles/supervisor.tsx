import { lazy } from 'react';
import { m } from '../../i18n';
import type { RoleModule } from './types';

const SupervisorInbox = lazy(() => import('./supervisor/SupervisorInbox'));
const Rankings = lazy(() => import('./supervisor/Rankings'));
const AssessmentReport = lazy(() => import('./supervisor/AssessmentReport'));

/** 督查室: the inbox with one-click decisions, the rankings, the assessment report. */
export const supervisor: RoleModule = {
  role: 'supervisor',
  home: '/inbox',
  nav: [
    { path: '/inbox', label: m.console.inbox },
    { path: '/rankings', label: m.console.rankings },
    { path: '/report', label: m.console.report },
  ],
  routes: [
    { path: 'inbox', element: <SupervisorInbox /> },
    { path: 'rankings', element: <Rankings /> },
    { path: 'report', element: <AssessmentReport /> },
  ],
};
