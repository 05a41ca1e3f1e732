import { lazy } from 'react';
import { m } from '../../i18n';
import type { RoleModule } from './types';

const CaseTrace = lazy(() => import('./auditor/CaseTrace'));
const Integrity = lazy(() => import('./auditor/Integrity'));
const AccessLog = lazy(() => import('./auditor/AccessLog'));

/** 审计: a case's history with time travel, the hash-chain check, who read personal data and why. */
export const auditor: RoleModule = {
  role: 'auditor',
  home: '/audit',
  nav: [
    { path: '/audit', label: m.console.caseTrace },
    { path: '/integrity', label: m.console.verify },
    { path: '/access-log', label: m.console.accessLog },
  ],
  routes: [
    { path: 'audit', element: <CaseTrace /> },
    { path: 'integrity', element: <Integrity /> },
    { path: 'access-log', element: <AccessLog /> },
  ],
};
