import { lazy } from 'react';
import { m } from '../../i18n';
import type { RoleModule } from './types';

const Reference = lazy(() => import('./admin/Reference'));
const Mailboxes = lazy(() => import('./admin/Mailboxes'));
const Policies = lazy(() => import('./admin/Policies'));
const Calendar = lazy(() => import('./admin/Calendar'));
const Erasure = lazy(() => import('./admin/Erasure'));

/** 系统管理员: departments and categories, leaders' mailboxes, time-limit policies, the holiday calendar, erasure of personal data. */
export const admin: RoleModule = {
  role: 'admin',
  home: '/admin/reference',
  nav: [
    { path: '/admin/reference', label: m.console.admin.reference },
    { path: '/admin/mailboxes', label: m.console.admin.mailboxes },
    { path: '/admin/policies', label: m.console.admin.policies },
    { path: '/admin/calendar', label: m.console.admin.calendar },
    { path: '/admin/erasure', label: m.console.admin.erasure },
  ],
  routes: [
    { path: 'admin/reference', element: <Reference /> },
    { path: 'admin/mailboxes', element: <Mailboxes /> },
    { path: 'admin/policies', element: <Policies /> },
    { path: 'admin/calendar', element: <Calendar /> },
    { path: 'admin/erasure', element: <Erasure /> },
  ],
};
