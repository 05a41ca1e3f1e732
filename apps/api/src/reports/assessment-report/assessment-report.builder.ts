import { Inject, Injectable } from '@nestjs/common';
import { localDate } from '@wenzheng/calendar';
import { Assessment, ConsultationSummaryFact, DeadlineFact, DepartmentEventFact, ScoringWeights, assess } from '@wenzheng/scoring';
import { DepartmentPerformanceQuery, SCORING_WEIGHTS } from '@wenzheng/read-models';
import { ReferenceDataService } from '@wenzheng/read-models';
import { ReportPeriod, monthChunks } from './assessment-report.request';

export interface ReportProgress {
  /** Months of facts loaded so far. */
  readonly done: number;
  readonly total: number;
  /** The month just loaded, YYYY-MM (Asia/Shanghai). */
  readonly month: string;
}

/**
 * Scores a period for the internal assessment report (confidential cases included). The facts of
 * department_performance are loaded a month at a time, so a long period can report progress, and
 * scored once over the whole period with the same rules, calendar, names and configured weights
 * as DepartmentPerformanceQuery.assess (the public ranking).
 */
@Injectable()
export class AssessmentReportBuilder {
  constructor(
    private readonly performance: DepartmentPerformanceQuery,
    private readonly reference: ReferenceDataService,
    @Inject(SCORING_WEIGHTS) private readonly weights: ScoringWeights,
  ) {}

  async build(period: ReportPeriod, asOf: Date, onProgress?: (p: ReportProgress) => void): Promise<Assessment> {
    const chunks = monthChunks(period);
    const deadlines: DeadlineFact[] = [];
    const events: DepartmentEventFact[] = [];
    const consultationSummaries: ConsultationSummaryFact[] = [];
    for (const [i, chunk] of chunks.entries()) {
      const facts = await this.performance.facts({ ...chunk, includeConfidential: true });
      for (const d of facts.deadlines) deadlines.push(d);
      for (const e of facts.events) events.push(e);
      for (const c of facts.consultationSummaries) consultationSummaries.push(c);
      onProgress?.({ done: i + 1, total: chunks.length, month: localDate(chunk.from).slice(0, 7) });
    }
    const calendar = this.reference.calendar();
    return assess({
      from: period.from,
      to: period.to,
      now: asOf,
      weights: this.weights,
      includeConfidential: true,
      deadlines,
      events,
      consultationSummaries,
      workingDaysBetween: (a, b) => calendar.workingDaysBetween(a, b),
      departmentName: (id) => this.reference.department(id)?.name,
    });
  }
}
