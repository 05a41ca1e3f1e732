import { lazy } from 'react';
import { m } from '../../i18n';
import type { RoleModule } from './types';

const ReviewQueue = lazy(() => import('./reviewer/ReviewQueue'));
const ReviewCase = lazy(() => import('./reviewer/ReviewCase'));

/** 值班员 of the hotline office: review queue → review → dispatch. */
export const reviewer: RoleModule = {
  role: 'reviewer',
  home: '/review',
  nav: [{ path: '/review', label: m.console.reviewQueue }],
  routes: [
    { path: 'review', element: <ReviewQueue /> },
    { path: 'review/:id', element: <ReviewCase /> },
  ],
};
