import { lazy } from 'react';
import { m } from '../../i18n';
import type { RoleModule } from './types';

const DepartmentQueue = lazy(() => import('./handler/DepartmentQueue'));
const HandlerCase = lazy(() => import('./handler/HandlerCase'));
const HandlerFigures = lazy(() => import('./handler/HandlerFigures'));
const Consultations = lazy(() => import('./consultations/Consultations'));
const ConsultationManage = lazy(() => import('./consultations/ConsultationManage'));
const Surveys = lazy(() => import('./participation/Surveys'));
const SurveyManage = lazy(() => import('./participation/SurveyManage'));
const Interviews = lazy(() => import('./participation/Interviews'));
const InterviewManage = lazy(() => import('./participation/InterviewManage'));

/** 承办部门: the department's queue by deadline, then the case; its figures per 承办人. */
export const handler: RoleModule = {
  role: 'handler',
  home: '/handler',
  nav: [
    { path: '/handler', label: m.console.departmentQueue },
    { path: '/handler/handlers', label: m.console.handlerFigures },
    { path: '/handler/consultations', label: m.consultations.console.nav },
    { path: '/handler/surveys', label: m.surveys.console.nav },
    { path: '/handler/interviews', label: m.interviews.console.nav },
  ],
  routes: [
    { path: 'handler', element: <DepartmentQueue /> },
    { path: 'handler/:id', element: <HandlerCase /> },
    { path: 'handler/handlers', element: <HandlerFigures /> },
    { path: 'handler/consultations', element: <Consultations /> },
    { path: 'handler/consultations/:id', element: <ConsultationManage /> },
    { path: 'handler/surveys', element: <Surveys /> },
    { path: 'handler/surveys/:id', element: <SurveyManage /> },
    { path: 'handler/interviews', element: <Interviews /> },
    { path: 'handler/interviews/:id', element: <InterviewManage /> },
  ],
};
