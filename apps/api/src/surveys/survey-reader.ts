import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { rowFromJson } from '@wenzheng/projector';
import { SCALE_MIN, resultsPublic } from '@wenzheng/survey';
import { PG_POOL } from '@wenzheng/platform';
import { toCsvTable } from '../reports/assessment-report/assessment-report.csv';
import { addSheet, exceljs } from '../reports/assessment-report/assessment-report.xlsx';
import type { Column } from '../reports/assessment-report/assessment-report.sheets';
import {
  RESPONSE_COLUMNS,
  SURVEYS,
  SURVEY_COLUMNS,
  SURVEY_RESPONSES,
  SurveyResponseRow,
  SurveyRow,
  surveyTables,
} from '@wenzheng/read-models';

/** Free-text answers shown per question on the public page (the export has them all). */
const PUBLIC_TEXTS = 100;

const percent = (count: number, of: number) => (of === 0 ? 0 : Math.round((count / of) * 10_000) / 100);

export const surveySummary = (r: SurveyRow) => ({
  id: r.surveyId,
  departmentId: r.departmentId,
  title: r.title,
  status: r.status,
  opensAt: r.opensAt,
  closesAt: r.closesAt,
  resultsVisibility: r.resultsVisibility,
  responses: r.responses,
});

/**
 * Counts and percentages per option (of all responses: a multiple-choice question's may add up to
 * more than 100), per scale point with the mean, and the free-text answers as redacted when written.
 */
export function results(r: SurveyRow, responses: readonly SurveyResponseRow[], textsPerQuestion = Infinity) {
  return r.questions.map((q) => {
    const counts = r.tallies[q.id] ?? [];
    if (q.kind === 'text') {
      const texts = responses.flatMap((s) =>
        s.answers.filter((a) => a.questionId === q.id && a.text !== undefined).map((a) => a.text as string),
      );
      return { questionId: q.id, kind: q.kind, text: q.text, answered: counts[0] ?? 0, texts: texts.slice(-textsPerQuestion).reverse() };
    }
    const rows = (q.kind === 'scale' ? counts.map((_, i) => String(i + SCALE_MIN)) : (q.options ?? [])).map((label, i) => ({
      label,
      count: counts[i] ?? 0,
      percent: percent(counts[i] ?? 0, r.responses),
    }));
    const answered = q.kind === 'scale' ? counts.reduce((a, b) => a + b, 0) : undefined;
    const mean =
      answered !== undefined && answered > 0
        ? Math.round((counts.reduce((sum, c, i) => sum + c * (i + SCALE_MIN), 0) / answered) * 100) / 100
        : undefined;
    return {
      questionId: q.id,
      kind: q.kind,
      text: q.text,
      options: rows,
      ...(answered !== undefined ? { answered, mean: mean ?? null } : {}),
    };
  });
}

/** The public page: the questions, and the results once the survey allows (else null, with when they will show). */
export const publicSurveyView = (r: SurveyRow, responses: readonly SurveyResponseRow[], now: Date) => ({
  ...surveySummary(r),
  description: r.description,
  questions: r.questions,
  results: resultsPublic(r, now) ? results(r, responses, PUBLIC_TEXTS) : null,
});

export const managementSurveyView = (r: SurveyRow, responses: readonly SurveyResponseRow[]) => ({
  ...surveySummary(r),
  description: r.description,
  questions: r.questions,
  closedAt: r.closedAt,
  results: results(r, responses),
});

/** One line per response: when, how verified, and each question's answer (labels, the scale point, the redacted text). */
function exportColumns(r: SurveyRow): Column<SurveyResponseRow>[] {
  return [
    { header: '答卷编号', kind: 'text', width: 38, value: (s) => s.responseId },
    { header: '提交时间', kind: 'time', width: 24, value: (s) => new Date(s.submittedAt) },
    { header: '验证方式', kind: 'text', width: 10, value: (s) => (s.via === 'phone' ? '手机验证' : '登录账号') },
    ...r.questions.map((q, i): Column<SurveyResponseRow> => ({
      header: `${i + 1}. ${q.text}`,
      kind: q.kind === 'scale' ? 'int' : 'text',
      width: q.kind === 'text' ? 40 : 16,
      value: (s) => {
        const a = s.answers.find((x) => x.questionId === q.id);
        if (!a) return null;
        if (a.choices) return a.choices.map((c) => q.options?.[c] ?? String(c)).join('；');
        return a.scale ?? a.text ?? null;
      },
    })),
  ];
}

export const surveyCsv = (r: SurveyRow, responses: readonly SurveyResponseRow[]): Buffer => toCsvTable(exportColumns(r), responses);

export async function surveyXlsx(r: SurveyRow, responses: readonly SurveyResponseRow[]): Promise<Buffer> {
  const wb = new (exceljs().Workbook)();
  wb.creator = 'Wenzheng 问政';
  wb.title = r.title;
  addSheet(wb, '答卷', exportColumns(r), responses);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

@Injectable()
export class SurveyReader {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async list(options: { limit: number; offset: number; departmentId?: string }) {
    const t = surveyTables()[SURVEYS];
    const where = options.departmentId ? 'where department_id = $3' : '';
    const { rows } = await this.pool.query<{ r: Record<string, unknown>; total: string }>(
      `select to_jsonb(s) as r, count(*) over () as total from ${t} s ${where} order by published_at desc, survey_id limit $1 offset $2`,
      [options.limit, options.offset, ...(options.departmentId ? [options.departmentId] : [])],
    );
    return {
      items: rows.map(({ r }) => surveySummary(rowFromJson(SURVEY_COLUMNS, r) as SurveyRow)),
      total: Number(rows[0]?.total ?? 0),
    };
  }

  async one(id: string): Promise<{ row: SurveyRow; responses: SurveyResponseRow[] } | undefined> {
    const names = surveyTables();
    const { rows } = await this.pool.query<{ r: Record<string, unknown> }>(
      `select to_jsonb(s) as r from ${names[SURVEYS]} s where survey_id = $1`,
      [id],
    );
    const row = rowFromJson(SURVEY_COLUMNS, rows[0]?.r ?? null);
    if (!row) return undefined;
    const responses = await this.pool.query<{ r: Record<string, unknown> }>(
      `select to_jsonb(s) as r from ${names[SURVEY_RESPONSES]} s where survey_id = $1 order by submitted_at, response_id`,
      [id],
    );
    return { row, responses: responses.rows.map(({ r }) => rowFromJson(RESPONSE_COLUMNS, r) as SurveyResponseRow) };
  }
}
