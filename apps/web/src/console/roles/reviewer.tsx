import { lazy } from 'react';
import { m } from '../../i18n';
import type { RoleModule } from './types';

const ReviewQueue = lazy(() => import('./reviewer/ReviewQueue'));
const ReviewCase = lazy(() => import('./reviewer/ReviewCase'));
const CaseSearch = lazy(() => import('./reviewer/CaseSearch'));
const CallbackCase = lazy(() => import('./reviewer/CallbackCase'));
const HotlineCall = lazy(() => import('./reviewer/HotlineCall'));
const CallbackQueue = lazy(() => import('./reviewer/CallbackQueue'));

/** 值班员 of the hotline office: review queue → review → dispatch; 来电登记 (a 12345 call); the search; 待回访 and 回访 on answered cases. */
export const reviewer: RoleModule = {
  role: 'reviewer',
  home: '/review',
  nav: [
    { path: '/review', label: m.console.reviewQueue },
    { path: '/calls', label: m.console.hotlineCall },
    { path: '/callbacks', label: m.console.callbackQueue },
    { path: '/cases', label: m.console.search },
  ],
  routes: [
    { path: 'review', element: <ReviewQueue /> },
    { path: 'review/:id', element: <ReviewCase /> },
    { path: 'calls', element: <HotlineCall /> },
    { path: 'callbacks', element: <CallbackQueue /> },
    // The same case page, opened from 待回访: the menu keeps 待回访 lit.
    { path: 'callbacks/:id', element: <CallbackCase /> },
    { path: 'cases', element: <CaseSearch /> },
    { path: 'cases/:id', element: <CallbackCase /> },
  ],
};
