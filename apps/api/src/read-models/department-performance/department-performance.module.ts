import { Module } from '@nestjs/common';
import { DEFAULT_WEIGHTS } from '@wenzheng/scoring';
import { DepartmentPerformanceQuery, SCORING_WEIGHTS } from './department-performance.query';

/**
 * The department_performance read model's query side. The projection itself runs in the
 * projector (projection-list.ts); import this module to score a period.
 */
@Module({
  providers: [DepartmentPerformanceQuery, { provide: SCORING_WEIGHTS, useValue: DEFAULT_WEIGHTS }],
  exports: [DepartmentPerformanceQuery, SCORING_WEIGHTS],
})
export class DepartmentPerformanceModule {}
