export { DepartmentPerformanceModule } from './department-performance.module';
export { AssessOptions, DepartmentPerformanceQuery, PeriodFacts, SCORING_WEIGHTS } from './department-performance.query';
export { DEADLINE_FACTS, EVENT_FACTS, PETITION_STATE, departmentPerformanceProjection } from './department-performance.projection';
export {
  AssessmentReportQuery,
  DeductionText,
  JsonRun,
  RenderedDeduction,
  ReportDeduction,
  ReportFigures,
  ReportOptions,
  ReportSession,
  ordAtKey,
} from './assessment-report.query';
export { DEADLINE_DAYS, EVENT_DAYS } from './department-performance.days';
