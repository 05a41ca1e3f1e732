import { lazy } from 'react';
import { m } from '../../i18n';
import type { RoleModule } from './types';

const ReviewQueue = lazy(() => import('./reviewer/ReviewQueue'));
const ReviewCase = lazy(() => import('./reviewer/ReviewCase'));
const CaseSearch = lazy(() => import('./reviewer/CaseSearch'));
const CallbackCase = lazy(() => import('./reviewer/CallbackCase'));

/** 值班员 of the hotline office: review queue → review → dispatch; the search, and 回访 on answered cases. */
export const reviewer: RoleModule = {
  role: 'reviewer',
  home: '/review',
  nav: [
    { path: '/review', label: m.console.reviewQueue },
    { path: '/cases', label: m.console.search },
  ],
  routes: [
    { path: 'review', element: <ReviewQueue /> },
    { path: 'review/:id', element: <ReviewCase /> },
    { path: 'cases', element: <CaseSearch /> },
    { path: 'cases/:id', element: <CallbackCase /> },
  ],
};
