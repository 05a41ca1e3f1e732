import type { Projection } from '@wenzheng/projector';
import { petitionViews } from '../read-models/petition-views';
import { departmentPerformanceProjection } from '../read-models/department-performance/department-performance.projection';
import { openDeadlinesProjection } from '../deadlines/open-deadlines.projection';
import { notificationOutboxProjection } from '../notifications/notification-outbox.projection';
import { publicStepsProjection } from '../read-models/public-steps';
import { consultationViewsProjection } from '../consultations/read-consultations/consultation-views.projection';
import { consultationSummaryFactsProjection } from '../consultations/score-consultations/consultation-summary-facts.projection';
import { interviewViewsProjection } from '../interviews/read-interviews/interview-views.projection';
import { surveyResultsProjection } from '../surveys/survey-results.projection';
import { supervisorInboxProjection } from '../read-models/supervisor-inbox/supervisor-inbox.projection';

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
