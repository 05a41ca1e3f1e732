import { Module } from '@nestjs/common';
import type { AppConfig } from '@wenzheng/platform';
import { DEFAULT_WEIGHTS } from '@wenzheng/scoring';
import { APP_CONFIG } from '@wenzheng/platform';
import { DepartmentPerformanceQuery, SCORING_WEIGHTS } from './department-performance.query';
import { AssessmentReportQuery } from './assessment-report.query';

/**
 * The department_performance read model's query side. The projection itself runs in the
 * projector (projection-list.ts); import this module to score a period.
 */
@Module({
  providers: [
    DepartmentPerformanceQuery,
    AssessmentReportQuery,
    { provide: SCORING_WEIGHTS, useFactory: (c: AppConfig) => c.scoringWeights ?? DEFAULT_WEIGHTS, inject: [APP_CONFIG] },
  ],
  exports: [DepartmentPerformanceQuery, AssessmentReportQuery, SCORING_WEIGHTS],
})
export class DepartmentPerformanceModule {}
