import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { rowFromJson } from '@wenzheng/projector';
import { PG_POOL } from '@wenzheng/platform';
import {
  CONSULTATIONS,
  CONSULTATION_COLUMNS,
  CONSULTATION_OPINIONS,
  ConsultationRow,
  OPINION_COLUMNS,
  OpinionRow,
  consultationTables,
} from '@wenzheng/read-models';

export interface ConsultationSummaryView {
  readonly id: string;
  readonly departmentId: string;
  readonly title: string;
  readonly status: ConsultationRow['status'];
  readonly opensAt: string;
  readonly closesAt: string;
  readonly summaryDueBy: string;
  readonly opinionsReceived: number;
  readonly opinionsPublished: number;
  readonly summaryPublishedAt: string | null;
}

const listItem = (r: ConsultationRow): ConsultationSummaryView => ({
  id: r.consultationId,
  departmentId: r.departmentId,
  title: r.title,
  status: r.status,
  opensAt: r.opensAt,
  closesAt: r.closesAt,
  summaryDueBy: r.summaryDueBy,
  opinionsReceived: r.opinionsReceived,
  opinionsPublished: r.opinionsPublished,
  summaryPublishedAt: r.summaryPublishedAt,
});

/** The public page: the draft, counts, published opinions (redacted copies) and the summary. */
export const publicView = (r: ConsultationRow, opinions: readonly OpinionRow[]) => ({
  ...listItem(r),
  draft: r.draft,
  contact: r.contact,
  attachments: r.attachments ?? [],
  opinions: opinions
    .filter((o) => o.status === 'published' && !o.private)
    .map((o) => ({ opinionId: o.opinionId, text: o.text, submittedAt: o.submittedAt })),
  summary: r.summary ? { ...r.summary, publishedAt: r.summaryPublishedAt, late: r.summaryLate } : null,
});

/** The department's view: every opinion with its moderation status, the pending and private counts, the red light. */
export const managementView = (r: ConsultationRow, opinions: readonly OpinionRow[]) => ({
  ...publicView(r, opinions),
  closedAt: r.closedAt,
  opinionsPending: r.opinionsPending,
  opinionsPrivate: r.opinionsPrivate,
  redLight: r.summaryOverdueAt ? { summaryOverdueAt: r.summaryOverdueAt, dueAt: r.summaryDueBy } : null,
  opinions: opinions.map((o) => ({
    opinionId: o.opinionId,
    text: o.text,
    submittedAt: o.submittedAt,
    private: o.private,
    status: o.status,
    moderatedAt: o.moderatedAt,
  })),
});

@Injectable()
export class ConsultationReader {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async list(options: {
    limit: number;
    offset: number;
    departmentId?: string;
  }): Promise<{ items: ConsultationSummaryView[]; total: number }> {
    const t = consultationTables()[CONSULTATIONS];
    const where = options.departmentId ? 'where department_id = $3' : '';
    const params: unknown[] = [options.limit, options.offset, ...(options.departmentId ? [options.departmentId] : [])];
    const { rows } = await this.pool.query<{ r: Record<string, unknown>; total: string }>(
      `select to_jsonb(c) as r, count(*) over () as total from ${t} c ${where} order by published_at desc, consultation_id limit $1 offset $2`,
      params,
    );
    return {
      items: rows.map(({ r }) => listItem(rowFromJson(CONSULTATION_COLUMNS, r) as ConsultationRow)),
      total: Number(rows[0]?.total ?? 0),
    };
  }

  async one(id: string): Promise<{ row: ConsultationRow; opinions: OpinionRow[] } | undefined> {
    const names = consultationTables();
    const { rows } = await this.pool.query<{ r: Record<string, unknown> }>(
      `select to_jsonb(c) as r from ${names[CONSULTATIONS]} c where consultation_id = $1`,
      [id],
    );
    const row = rowFromJson(CONSULTATION_COLUMNS, rows[0]?.r ?? null);
    if (!row) return undefined;
    const opinions = await this.pool.query<{ r: Record<string, unknown> }>(
      `select to_jsonb(o) as r from ${names[CONSULTATION_OPINIONS]} o where consultation_id = $1 order by submitted_at, opinion_id`,
      [id],
    );
    return { row, opinions: opinions.rows.map(({ r }) => rowFromJson(OPINION_COLUMNS, r) as OpinionRow) };
  }
}
