import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { startOfLocalDay } from '@wenzheng/calendar';
import { cursorInstantSql } from '@wenzheng/read-models';
import { petitionViewTables } from '@wenzheng/read-models';
import { ReferenceDataService } from '@wenzheng/read-models';
import { defuse, quote } from '../../reports/assessment-report/assessment-report.csv';
import { PG_POOL } from '@wenzheng/platform';
import { type PublicItemRow, VISIBLE_PUBLIC } from '../shared/public-petition-view';

// Open data (数据开放): every case of the sunshine listing, read from the same table
// (wz_rm.public_petitions: accepted, consented and not confidential, text already redacted), so
// the export can never show more than the public pages. Pages of PAGE_SIZE rows in keyset order
// (submitted_at, petition_id) over its index: each page is a short query and memory holds one
// page, whatever the number of cases.

export const PAGE_SIZE = 1000;

export const OPEN_DATA_LICENCE =
  '知识共享署名 4.0 国际许可协议 (CC BY 4.0) https://creativecommons.org/licenses/by/4.0/ — 使用时请注明来源：问政平台 (Wenzheng open data)';

/** The columns, in their permanent order: new ones are only ever added at the end. */
export const EXPORT_COLUMNS = [
  'trackingCode',
  'submittedAt',
  'status',
  'kind',
  'channel',
  'departmentId',
  'departmentName',
  'categoryId',
  'categoryName',
  'citizen',
  'title',
  'content',
  'location',
  'answer',
  'respondedAt',
  'closedAt',
  'satisfaction',
  'ratingComment',
  'commentCount',
] as const;
export type ExportRecord = Record<(typeof EXPORT_COLUMNS)[number], string | number | null>;

interface Row extends Omit<PublicItemRow, 'excerpt_source'> {
  sort_at: string;
  content: string;
  location: string | null;
}

export interface ExportPeriod {
  readonly from?: string;
  /** Exclusive. */
  readonly to?: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

@Injectable()
export class PublicPetitionsExport {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly reference: ReferenceDataService,
  ) {}

  /** The public cases of the period, oldest first, one page at a time. */
  async *pages(period: ExportPeriod): AsyncGenerator<ExportRecord[]> {
    let after: { at: string; id: string } | undefined;
    for (;;) {
      const params: unknown[] = [];
      const param = (v: unknown) => `$${params.push(v)}`;
      const where: string[] = [VISIBLE_PUBLIC];
      if (period.from) where.push(`p.submitted_at >= ${param(startOfLocalDay(period.from).toISOString())}::timestamptz`);
      if (period.to) where.push(`p.submitted_at < ${param(startOfLocalDay(period.to).toISOString())}::timestamptz`);
      if (after) where.push(`(p.submitted_at, p.petition_id) > (${param(after.at)}::timestamptz, ${param(after.id)})`);
      const { rows } = await this.pool.query<Row>(
        `select p.petition_id, ${cursorInstantSql('p.submitted_at')} as sort_at, p.tracking_code, p.status, p.kind, p.channel,
                p.department_id, p.category_id, p.citizen_display, p.title, p.content, p.location, case when p.answer_hidden then null else p.answer end as answer,
                p.submitted_at, p.responded_at, p.closed_at, p.rating, p.rating_comment, p.comment_count
           from ${petitionViewTables().public_petitions} p
          where ${where.join(' and ')}
          order by p.submitted_at, p.petition_id
          limit ${PAGE_SIZE}`,
        params,
      );
      if (rows.length) yield rows.map((r) => this.record(r));
      if (rows.length < PAGE_SIZE) return;
      const last = rows[rows.length - 1];
      after = { at: last.sort_at, id: last.petition_id };
    }
  }

  private record(r: Row): ExportRecord {
    return {
      trackingCode: r.tracking_code,
      submittedAt: r.submitted_at.toISOString(),
      status: r.status,
      kind: r.kind,
      channel: r.channel,
      departmentId: r.department_id,
      departmentName: r.department_id ? (this.reference.department(r.department_id)?.name ?? null) : null,
      categoryId: r.category_id,
      categoryName: r.category_id ? (this.reference.category(r.category_id)?.name ?? null) : null,
      citizen: r.citizen_display,
      title: r.title,
      content: r.content,
      location: r.location,
      answer: r.answer,
      respondedAt: iso(r.responded_at),
      closedAt: iso(r.closed_at),
      satisfaction: r.rating,
      ratingComment: r.rating_comment,
      commentCount: r.comment_count,
    };
  }
}

const CRLF = '\r\n';

/** The encoding of one format: what comes before the rows, each page of rows, and what closes the file. */
export interface ExportEncoding {
  readonly contentType: string;
  readonly extension: string;
  head(): string;
  page(records: readonly ExportRecord[], first: boolean): string;
  tail(): string;
}

const csvCell = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(v) : quote(defuse(v)));

/**
 * RFC 4180 with CRLF, UTF-8 with a byte order mark so Excel reads Chinese. The first line is the
 * licence as one cell starting with '#' (read with skiprows=1, or comment='#' where the reader has it);
 * the header follows. Text cells that Excel would run as a formula get a leading '.
 */
export const CSV_ENCODING: ExportEncoding = {
  contentType: 'text/csv; charset=utf-8',
  extension: 'csv',
  head: () => `\uFEFF${quote(`# licence: ${OPEN_DATA_LICENCE}`)}${CRLF}${EXPORT_COLUMNS.join(',')}${CRLF}`,
  page: (records) => records.map((r) => EXPORT_COLUMNS.map((c) => csvCell(r[c])).join(',') + CRLF).join(''),
  tail: () => '',
};

/** One JSON document, written as it goes: { "licence", "columns", "items": [ … ] }, one item per line. */
export const JSON_ENCODING: ExportEncoding = {
  contentType: 'application/json; charset=utf-8',
  extension: 'json',
  head: () => `{"licence":${JSON.stringify(OPEN_DATA_LICENCE)},"columns":${JSON.stringify(EXPORT_COLUMNS)},"items":[`,
  page: (records, first) => (first ? '\n' : ',\n') + records.map((r) => JSON.stringify(r)).join(',\n'),
  tail: () => '\n]}\n',
};
