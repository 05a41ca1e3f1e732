import type {
  Assessment,
  DeductionEvidence,
  DeductionRule,
  DeadlineKind,
  DepartmentAssessment,
  DepartmentFigures,
} from '@wenzheng/scoring';
import type { ReportDeduction, ReportFigures } from '@wenzheng/read-models';
import { reportDays, reportRate } from './assessment-report.view';

// The two tables of the report, defined once for CSV and XLSX, so both files always hold the same
// columns, rows and numbers (rounded as in the JSON form).

/** text as is; int and decimal numbers; rate a fraction 0..1; time an instant (shown in Asia/Shanghai). */
export type CellKind = 'text' | 'int' | 'decimal' | 'rate' | 'time';
export type CellValue = string | number | Date | null;

export interface Column<R> {
  readonly header: string;
  readonly kind: CellKind;
  /** XLSX column width, in characters. */
  readonly width: number;
  readonly value: (row: R) => CellValue;
}

export const SHEET_NAMES = { departments: '部门考核', deductions: '扣分明细' } as const;

export const RULE_LABELS: Record<DeductionRule, string> = {
  missed_acknowledgement: '回应超期',
  missed_response: '办复超期',
  automatic_escalation: '自动督办',
  unsatisfied_rating: '不满意评价',
  overdue_consultation_summary: '意见征集反馈超期',
  missed_review: '审核超时',
  overdue_assistance: '协办超期',
};

export const EVIDENCE_LABELS: Record<DeductionEvidence, string> = {
  red_light: '亮红灯',
  late_act: '超期办理',
  no_act: '逾期未办',
  escalation: '督办',
  rating: '评价',
};

export const DEADLINE_LABELS: Record<DeadlineKind, string> = { acknowledgement: '回应', response: '办复', assistance: '协办' };

const int = (header: string, value: (d: DepartmentFigures) => number, width = 10): Column<DepartmentFigures> => ({
  header,
  kind: 'int',
  width,
  value,
});

export const DEPARTMENT_COLUMNS: readonly Column<DepartmentFigures>[] = [
  { header: '排名', kind: 'int', width: 6, value: (d) => d.rank },
  { header: '部门', kind: 'text', width: 22, value: (d) => d.name },
  { header: '部门ID', kind: 'text', width: 38, value: (d) => d.departmentId },
  { header: '得分', kind: 'decimal', width: 8, value: (d) => d.score },
  { header: '扣分合计', kind: 'decimal', width: 10, value: (d) => d.deductedPoints },
  int('扣分条数', (d) => d.deductionCount),
  int('交办件数', (d) => d.received),
  int('回应时限（按期）', (d) => d.acknowledgement.met, 14),
  int('回应时限（超期）', (d) => d.acknowledgement.missed, 14),
  int('回应时限（未到期）', (d) => d.acknowledgement.pending, 16),
  int('回应时限（退单不计）', (d) => d.acknowledgement.withdrawn, 18),
  { header: '按期回应率', kind: 'rate', width: 12, value: (d) => reportRate(d.acknowledgedOnTimeRate) },
  int('办复时限（按期）', (d) => d.response.met, 14),
  int('办复时限（超期）', (d) => d.response.missed, 14),
  int('办复时限（未到期）', (d) => d.response.pending, 16),
  int('办复时限（延期替代）', (d) => d.response.superseded, 18),
  int('办复时限（退单不计）', (d) => d.response.withdrawn, 18),
  { header: '按期办复率', kind: 'rate', width: 12, value: (d) => reportRate(d.respondedOnTimeRate) },
  int('满意', (d) => d.ratings.satisfied, 6),
  int('基本满意', (d) => d.ratings.basicallySatisfied),
  int('不满意', (d) => d.ratings.unsatisfied, 8),
  { header: '满意率', kind: 'rate', width: 10, value: (d) => reportRate(d.satisfactionRate) },
  int('亮红灯（回应）', (d) => d.redLights.acknowledgement, 14),
  int('亮红灯（办复）', (d) => d.redLights.response, 14),
  int('亮红灯（审核）', (d) => d.redLights.review, 14),
  int('督办（自动）', (d) => d.escalations.automatic, 12),
  int('督办（人工）', (d) => d.escalations.manual, 12),
  int('申请延期', (d) => d.extensionsRequested),
  int('批准延期', (d) => d.extensionsApproved),
  int('退单', (d) => d.returns, 6),
  int('办复件数', (d) => d.responses),
  { header: '平均办复工作日', kind: 'decimal', width: 14, value: (d) => reportDays(d.averageResponseWorkingDays) },
  int('未到期时限合计', (d) => d.pending, 14),
  int('意见征集反馈（按期）', (d) => d.consultationSummaries.met, 18),
  int('意见征集反馈（超期）', (d) => d.consultationSummaries.missed, 18),
  int('意见征集反馈（未到期）', (d) => d.consultationSummaries.pending, 20),
  int('协办时限（按期）', (d) => d.assistance.met, 14),
  int('协办时限（超期）', (d) => d.assistance.missed, 14),
];

/** One deduction and its department's figures (the 部门 columns). */
export type DeductionRow = ReportDeduction;

export const DEDUCTION_COLUMNS: readonly Column<DeductionRow>[] = [
  { header: '部门', kind: 'text', width: 22, value: (r) => r.department.name },
  { header: '部门ID', kind: 'text', width: 38, value: (r) => r.department.departmentId },
  { header: '扣分项', kind: 'text', width: 12, value: (r) => RULE_LABELS[r.deduction.rule] },
  { header: '受理编号', kind: 'text', width: 24, value: (r) => r.deduction.trackingCode },
  { header: '案件ID', kind: 'text', width: 38, value: (r) => r.deduction.petitionId },
  { header: '时限类型', kind: 'text', width: 10, value: (r) => (r.deduction.deadline ? DEADLINE_LABELS[r.deduction.deadline] : null) },
  { header: '截止时间（北京时间）', kind: 'time', width: 25, value: (r) => r.deduction.dueAt },
  { header: '时限设定事件ID', kind: 'text', width: 38, value: (r) => r.deduction.deadlineEventId },
  { header: '依据', kind: 'text', width: 10, value: (r) => EVIDENCE_LABELS[r.deduction.evidence] },
  { header: '事件ID', kind: 'text', width: 38, value: (r) => r.deduction.eventId },
  { header: '发生时间（北京时间）', kind: 'time', width: 25, value: (r) => r.deduction.at },
  { header: '扣分', kind: 'decimal', width: 6, value: (r) => r.deduction.points },
  { header: '意见征集ID', kind: 'text', width: 38, value: (r) => r.deduction.consultationId },
];

/**
 * A report to write: its figures, and its deductions in report order (departments in rank order,
 * each department's oldest first), streamed from a cursor (AssessmentReportQuery) or from memory.
 */
export interface ReportSource {
  readonly figures: ReportFigures;
  deductions(): AsyncIterable<DeductionRow> | Iterable<DeductionRow>;
}

export const figuresOf = ({ deductions, ...d }: DepartmentAssessment): DepartmentFigures => ({ ...d, deductionCount: deductions.length });

/** An assessment scored in memory by assess() as a report source (the file-format specs, the comparison with the SQL path). */
export function sourceOf(a: Assessment): { readonly figures: ReportFigures; deductions(): DeductionRow[] } {
  const departments = a.departments.map((d) => ({ figures: figuresOf(d), deductions: d.deductions }));
  const { departments: _scored, ...period } = a;
  return {
    figures: { ...period, departments: departments.map((d) => d.figures) },
    deductions: () => departments.flatMap((d) => d.deductions.map((deduction) => ({ department: d.figures, deduction }))),
  };
}
