import type { Projection } from '@wenzheng/projector';
import { petitionViews } from '../petition-views';
import { departmentPerformanceProjection } from '../department-performance/department-performance.projection';
import { openDeadlinesProjection } from '../open-deadlines/open-deadlines.projection';
import { notificationOutboxProjection } from '../notification-outbox/notification-outbox.projection';
import { publicStepsProjection } from '../public-steps';
import { consultationViewsProjection } from '../consultations/consultation-views.projection';
import { consultationSummaryFactsProjection } from '../consultations/consultation-summary-facts.projection';
import { interviewViewsProjection } from '../interviews/interview-views.projection';
import { surveyResultsProjection } from '../surveys/survey-results.projection';
import { supervisorInboxProjection } from '../supervisor-inbox/supervisor-inbox.projection';

/** Every read model the projector maintains. */
export const PROJECTIONS: Projection[] = [
  departmentPerformanceProjection,
  petitionViews,
  openDeadlinesProjection,
  notificationOutboxProjection,
  publicStepsProjection,
  supervisorInboxProjection,
  consultationViewsProjection,
  surveyResultsProjection,
  consultationSummaryFactsProjection,
  interviewViewsProjection,
];
