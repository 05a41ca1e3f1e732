import { ApiProperty } from '@nestjs/swagger';
import { toLocalIso } from '@wenzheng/calendar';
import type { ReportFigures, ReportSession } from '@wenzheng/read-models';
import { DEDUCTION_RULES, RULE_WEIGHTS } from '@wenzheng/scoring';
import { EVIDENCE_LABELS, RULE_LABELS } from './assessment-report.sheets';
import type {
  Assessment,
  DeadlineCounts,
  Deduction,
  DeductionRule,
  DepartmentAssessment,
  DepartmentFigures,
  ScoringWeights,
} from '@wenzheng/scoring';

// The JSON form of the report (back-office screens). The CSV and XLSX forms show the same
// numbers: rates to 4 decimals, average working days to 2, points as computed.

const roundTo =
  (digits: number) =>
  (x: number | null): number | null =>
    x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;
export const reportRate = roundTo(4);
export const reportDays = roundTo(2);

export class ReportWeightsView implements ScoringWeights {
  @ApiProperty({ example: 0.5 }) missedAcknowledgement: number;
  @ApiProperty({ example: 1 }) missedResponse: number;
  @ApiProperty({ example: 3, description: '督办后从重扣分' }) automaticEscalation: number;
  @ApiProperty({ example: 0.5 }) unsatisfiedRating: number;
  @ApiProperty({ example: 2, description: '意见征集: a feedback summary not published by its due date' })
  overdueConsultationSummary: number;
  @ApiProperty({ example: 0.5, description: '审核超时: a case the hotline office reviewed after policy.reviewWithinWorkingHours' })
  missedReview: number;
  @ApiProperty({ example: 0.5, description: "协办: an assisting department's contribution not given by its due date" })
  overdueAssistance: number;
}

export class DeadlineCountsView implements DeadlineCounts {
  @ApiProperty({ description: 'passed and met on time (numerator)' }) met: number;
  @ApiProperty({ description: 'passed without the act, or the act came late; met + missed is the denominator' }) missed: number;
  @ApiProperty({ description: 'due in the period, not passed at asOf: in neither numerator nor denominator' }) pending: number;
  @ApiProperty({ description: 'replaced by an approved extension: the new deadline counts where it falls' }) superseded: number;
  @ApiProperty({ description: 'the case was returned (退单) before the deadline and the act: not counted' }) withdrawn: number;
}

export class DeductionView {
  @ApiProperty({
    enum: [
      'missed_acknowledgement',
      'missed_response',
      'automatic_escalation',
      'unsatisfied_rating',
      'overdue_consultation_summary',
      'missed_review',
      'overdue_assistance',
    ],
  })
  rule: Deduction['rule'];
  @ApiProperty({ example: 'WZ20261012-7K2M9QX4TB', nullable: true, type: String }) trackingCode: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the case; null for a consultation' }) petitionId:
    string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'overdue_consultation_summary: the consultation (GET /api/audit/consultations/:consultationId/events); otherwise null',
  })
  consultationId: string | null;
  @ApiProperty({
    enum: ['acknowledgement', 'response', 'assistance'],
    nullable: true,
    description: "the deadline the deduction is about (ratings: null; assistance: an assisting department's contribution, 协办)",
  })
  deadline: Deduction['deadline'];
  @ApiProperty({ example: '2026-10-22T23:59:59.999+08:00', nullable: true, type: String }) dueAt: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'the event that set the deadline: PetitionDispatched, an approved ExtensionDecided or PetitionReopened; ConsultationPublished for a consultation summary',
  })
  deadlineEventId: string | null;
  @ApiProperty({
    enum: ['red_light', 'late_act', 'no_act', 'escalation', 'rating'],
    description:
      'red_light = PetitionDeadlineMissed (consultations: ConsultationSummaryOverdue); late_act = the late acknowledgement or response; no_act = passed with neither (eventId is then the event that set the deadline, at its due time)',
  })
  evidence: Deduction['evidence'];
  @ApiProperty({ format: 'uuid', description: 'the event to open (GET /api/audit/petitions/:petitionId/events)' }) eventId: string;
  @ApiProperty({ example: '2026-10-23T09:00:00.000+08:00' }) at: string;
  @ApiProperty({ example: 1 }) points: number;
}

class RatingsView {
  @ApiProperty() satisfied: number;
  @ApiProperty() basicallySatisfied: number;
  @ApiProperty() unsatisfied: number;
}
class RedLightsView {
  @ApiProperty() acknowledgement: number;
  @ApiProperty() response: number;
  @ApiProperty({ description: "审核超时: the hotline office's own red lights (ReviewDeadlineMissed), in its row (hotline-office)" })
  review: number;
}
class ConsultationSummariesView {
  @ApiProperty({ description: 'published by the due date' }) met: number;
  @ApiProperty({ description: 'due date passed without the summary, or it came late: a red light and a deduction' }) missed: number;
  @ApiProperty({ description: 'due in the period, not passed at asOf' }) pending: number;
}
class EscalationsView {
  @ApiProperty() automatic: number;
  @ApiProperty() manual: number;
}

export class DepartmentReportView {
  @ApiProperty({
    example: 1,
    description: 'score, then respondedOnTimeRate, then satisfactionRate (none last); equal standing shares a rank (1, 1, 3)',
  })
  rank: number;
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty({ example: '鹿城区人民政府', nullable: true, type: String }) name: string | null;
  @ApiProperty({ example: 98.5, description: '100 minus deductedPoints, at least 0' }) score: number;
  @ApiProperty({ example: 1.5 }) deductedPoints: number;
  @ApiProperty({ description: 'PetitionDispatched to the department in the period' }) received: number;
  @ApiProperty({ type: DeadlineCountsView, description: 'acknowledgement (回应) deadlines falling in the period' })
  acknowledgement: DeadlineCountsView;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 0.9524,
    description: '按期回应率 = met / (met + missed), 4 decimals; null when none passed',
  })
  acknowledgedOnTimeRate: number | null;
  @ApiProperty({ type: DeadlineCountsView, description: 'response (办复) deadlines falling in the period, after approved extensions' })
  response: DeadlineCountsView;
  @ApiProperty({ nullable: true, type: Number, example: 0.875, description: '按期办复率 = met / (met + missed), 4 decimals' })
  respondedOnTimeRate: number | null;
  @ApiProperty({
    type: DeadlineCountsView,
    description:
      '协办: contributions this department owed as an assisting department, due in the period (the lead answering first lapses one not yet due)',
  })
  assistance: DeadlineCountsView;
  @ApiProperty({ type: RatingsView }) ratings: RatingsView;
  @ApiProperty({ nullable: true, type: Number, description: '满意率 = (satisfied + basicallySatisfied) / ratings, 4 decimals' })
  satisfactionRate: number | null;
  @ApiProperty({ type: RedLightsView, description: '亮红灯: PetitionDeadlineMissed in the period' }) redLights: RedLightsView;
  @ApiProperty({ type: EscalationsView, description: '督办: PetitionEscalated in the period' }) escalations: EscalationsView;
  @ApiProperty() extensionsRequested: number;
  @ApiProperty() extensionsApproved: number;
  @ApiProperty({ description: '退单' }) returns: number;
  @ApiProperty({ description: 'responses given in the period' }) responses: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'working days from dispatch (or reopen) to response, for responses in the period; 2 decimals',
  })
  averageResponseWorkingDays: number | null;
  @ApiProperty({ description: 'deadlines of both kinds due in the period but not passed at asOf' }) pending: number;
  @ApiProperty({
    type: ConsultationSummariesView,
    description: '意见征集反馈: feedback summaries of consultations (意见征集) due in the period',
  })
  consultationSummaries: ConsultationSummariesView;
  @ApiProperty({ type: [DeductionView], description: 'every point deducted, oldest first' }) deductions: DeductionView[];
}

export class AssessmentReportView {
  @ApiProperty({ example: '2026-10-01' }) from: string;
  @ApiProperty({ example: '2026-11-01', description: 'exclusive' }) to: string;
  @ApiProperty({ example: '2026-10-01T00:00:00.000+08:00' }) periodStart: string;
  @ApiProperty({ example: '2026-11-01T00:00:00.000+08:00', description: 'exclusive' }) periodEnd: string;
  @ApiProperty({ example: '2026-11-20T10:00:00.000+08:00', description: 'report time' }) asOf: string;
  @ApiProperty({ type: ReportWeightsView, description: 'points per item, from configuration (SCORING_WEIGHTS)' })
  weights: ReportWeightsView;
  @ApiProperty({ description: 'internal report: confidential (涉密) cases are counted' }) includeConfidential: boolean;
  @ApiProperty({ type: [DepartmentReportView], description: 'departments with any fact in the period, in rank order' })
  departments: DepartmentReportView[];
}

export class DeductionItemView extends DeductionView {
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty({ example: '鹿城区人民政府', nullable: true, type: String }) departmentName: string | null;
  @ApiProperty({ example: 2, description: "the department's rank in the report" }) rank: number;
  @ApiProperty({ example: '办复超期', description: 'the rule as the XLSX names it (扣分原因)' }) ruleLabel: string;
  @ApiProperty({ example: '亮红灯', description: 'the evidence as the XLSX names it' }) evidenceLabel: string;
}

export class DeductionPageView {
  @ApiProperty({ example: '2026-10-01' }) from: string;
  @ApiProperty({ example: '2026-11-01', description: 'exclusive' }) to: string;
  @ApiProperty({ example: '2026-11-20T10:00:00.000+08:00', description: 'report time' }) asOf: string;
  @ApiProperty({ example: 137, description: "every deduction of the report (the departments' deductions, summed)" }) total: number;
  @ApiProperty({ example: 0 }) offset: number;
  @ApiProperty({ example: 20 }) limit: number;
  @ApiProperty({ type: [DeductionItemView], description: 'in report order: department rank, then time, then event id' })
  items: DeductionItemView[];
}

export const deductionItemView = (department: DepartmentFigures, d: Deduction): DeductionItemView => ({
  ...deductionView(d),
  departmentId: department.departmentId,
  departmentName: department.name,
  rank: department.rank,
  ruleLabel: RULE_LABELS[d.rule],
  evidenceLabel: EVIDENCE_LABELS[d.evidence],
});

const deductionView = (d: Deduction): DeductionView => ({
  rule: d.rule,
  trackingCode: d.trackingCode,
  petitionId: d.petitionId,
  consultationId: d.consultationId,
  deadline: d.deadline,
  dueAt: d.dueAt ? toLocalIso(d.dueAt) : null,
  deadlineEventId: d.deadlineEventId,
  evidence: d.evidence,
  eventId: d.eventId,
  at: toLocalIso(d.at),
  points: d.points,
});

/** A department's view without its deductions (the last field, streamed after it). */
const figuresView = (d: DepartmentFigures | DepartmentAssessment): Omit<DepartmentReportView, 'deductions'> => ({
  rank: d.rank,
  departmentId: d.departmentId,
  name: d.name,
  score: d.score,
  deductedPoints: d.deductedPoints,
  received: d.received,
  acknowledgement: { ...d.acknowledgement },
  acknowledgedOnTimeRate: reportRate(d.acknowledgedOnTimeRate),
  response: { ...d.response },
  respondedOnTimeRate: reportRate(d.respondedOnTimeRate),
  assistance: { ...d.assistance },
  ratings: { ...d.ratings },
  satisfactionRate: reportRate(d.satisfactionRate),
  redLights: { ...d.redLights },
  escalations: { ...d.escalations },
  extensionsRequested: d.extensionsRequested,
  extensionsApproved: d.extensionsApproved,
  returns: d.returns,
  responses: d.responses,
  averageResponseWorkingDays: reportDays(d.averageResponseWorkingDays),
  pending: d.pending,
  consultationSummaries: { ...d.consultationSummaries },
});

const departmentView = (d: DepartmentAssessment): DepartmentReportView => ({
  ...figuresView(d),
  deductions: d.deductions.map(deductionView),
});

export interface ReportDays {
  /** YYYY-MM-DD, included. */
  readonly from: string;
  /** YYYY-MM-DD, exclusive. */
  readonly to: string;
}

const headView = (a: Assessment | ReportFigures, days: ReportDays): Omit<AssessmentReportView, 'departments'> => ({
  from: days.from,
  to: days.to,
  periodStart: toLocalIso(a.from),
  periodEnd: toLocalIso(a.to),
  asOf: toLocalIso(a.now),
  weights: { ...a.weights },
  includeConfidential: a.includeConfidential,
});

export const toReportView = (a: Assessment, days: ReportDays): AssessmentReportView => ({
  ...headView(a, days),
  departments: a.departments.map(departmentView),
});

/** Characters gathered before a chunk is handed on while streaming. */
const CHUNK = 64 * 1024;

/** One deduction's JSON text and its department, rendered here (reportJsonChunks). */
interface DeductionJson {
  readonly departmentId: string;
  readonly text: string;
}

/**
 * The report's JSON around its deductions: the head, each department's figures and the brackets,
 * given as the deductions come (`enter` before a department's deductions) in report order.
 */
class JsonFrame {
  private text: string;
  private open = -1; // the department whose deductions are being written
  private readonly departments: readonly DepartmentFigures[];
  constructor(figures: ReportFigures, days: ReportDays) {
    this.departments = figures.departments;
    this.text = JSON.stringify({ ...headView(figures, days), departments: [] }).slice(0, -2); // up to "departments":[
  }

  /** Whether department `index` is the one open (its deductions go on after a comma); else opens it, after those between. */
  enter(index: number): boolean {
    if (index === this.open && index >= 0) return true;
    if (!(index > this.open && index < this.departments.length))
      throw new Error(`deduction of ${this.departments[index]?.departmentId ?? `department ${index}`} out of report order`);
    while (this.open < index) this.next();
    return false;
  }

  /** The text written since the last take. */
  take(): string {
    const text = this.text;
    this.text = '';
    return text;
  }

  get length(): number {
    return this.text.length;
  }

  append(text: string): void {
    this.text += text;
  }

  /** The departments left, and the end. */
  end(): string {
    while (this.open + 1 < this.departments.length) this.next();
    if (this.open >= 0) this.text += ']}';
    return `${this.take()}]}`;
  }

  private next(): void {
    if (this.open >= 0) this.text += ']}';
    this.open++;
    this.text += `${this.open > 0 ? ',' : ''}${JSON.stringify(figuresView(this.departments[this.open])).slice(0, -1)},"deductions":[`;
  }
}

/**
 * The text of JSON.stringify(toReportView(…)) in chunks, as the deductions arrive in report order
 * (departments in rank order, each department's deductions together), so a year's list is never
 * held whole: each department's figures, then its deductions' texts, a page at a time.
 */
async function* jsonChunks(
  figures: ReportFigures,
  pages: AsyncIterable<readonly DeductionJson[]>,
  days: ReportDays,
): AsyncGenerator<Buffer> {
  const departments = figures.departments;
  const index = new Map(departments.map((d, i) => [d.departmentId, i]));
  const frame = new JsonFrame(figures, days);
  for await (const page of pages) {
    for (const { departmentId, text } of page) {
      const at = index.get(departmentId);
      if (at === undefined) throw new Error(`deduction of ${departmentId} out of report order`);
      frame.append(frame.enter(at) ? `,${text}` : text);
      if (frame.length >= CHUNK) yield Buffer.from(frame.take(), 'utf8');
    }
  }
  yield Buffer.from(frame.end(), 'utf8');
}

/** The report's JSON from deduction objects (a cursor's rows or an assessment in memory), each stringified here. */
export async function* reportJsonChunks(
  figures: ReportFigures,
  deductions: AsyncIterable<{ readonly department: DepartmentFigures; readonly deduction: Deduction }>,
  days: ReportDays,
): AsyncGenerator<Buffer> {
  async function* pages(): AsyncIterable<DeductionJson[]> {
    for await (const { department, deduction } of deductions)
      yield [{ departmentId: department.departmentId, text: JSON.stringify(deductionView(deduction)) }];
  }
  yield* jsonChunks(figures, pages(), days);
}

/** Each rule's points as `render` writes a number (JSON.stringify for the JSON, decimal for the CSV). */
export const rulePoints = (weights: ScoringWeights, render: (n: number) => string): Record<DeductionRule, string> =>
  Object.fromEntries(DEDUCTION_RULES.map((rule) => [rule, render(weights[RULE_WEIGHTS[rule]])])) as Record<DeductionRule, string>;

/**
 * The same text as reportJsonChunks over the session's deductions, each deduction's JSON written
 * by PostgreSQL and passed on as the bytes it sent (ReportSession.deductionJson): Node neither
 * builds, formats and stringifies 300,000 objects a year at 1M cases, nor decodes their text.
 */
export async function* renderedJsonChunks(session: ReportSession, days: ReportDays): AsyncGenerator<Buffer> {
  const figures = session.figures;
  const frame = new JsonFrame(figures, days);
  for await (const runs of session.deductionJson(rulePoints(figures.weights, JSON.stringify))) {
    for (const run of runs) {
      // A department's first deduction has no comma before it.
      const json = frame.enter(run.department) ? run.json : run.json.subarray(1);
      if (frame.length) yield Buffer.from(frame.take(), 'utf8');
      yield json;
    }
  }
  yield Buffer.from(frame.end(), 'utf8');
}
