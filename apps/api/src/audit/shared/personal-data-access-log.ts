import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Role } from '@wenzheng/petition';
import { PG_POOL } from '@wenzheng/platform';
import { redactText } from '@wenzheng/redaction';
import { badInput } from '../../http/validation';

export const ACCESS_LOG_TABLE = 'wz_audit.personal_data_access';

export interface AccessRecord {
  /** The token's `sub`. */
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly petitionId: string;
  /** The route template, e.g. `GET /api/audit/petitions/:id/events`. */
  readonly route: string;
  readonly reason: string;
}

export interface AccessLogEntry extends AccessRecord {
  readonly id: string;
  readonly accessedAt: string;
}

export interface AccessLogFilter {
  readonly petitionId?: string;
  /** Inclusive bounds on accessedAt. */
  readonly from?: Date;
  readonly to?: Date;
  readonly cursor?: string;
  readonly limit: number;
}

export interface AccessLogPage {
  readonly items: AccessLogEntry[];
  readonly nextCursor?: string;
}

interface Row {
  id: string;
  accessed_at: Date;
  actor_sub: string;
  actor_roles: Role[];
  petition_id: string;
  route: string;
  reason: string;
}

const toEntry = (r: Row): AccessLogEntry => ({
  id: r.id,
  accessedAt: r.accessed_at.toISOString(),
  sub: r.actor_sub,
  roles: r.actor_roles,
  petitionId: r.petition_id,
  route: r.route,
  reason: r.reason,
});

// Cursors are opaque to clients but carry only the last id seen, newest first.
const CURSOR_PREFIX = 'pda1:';
export const encodeAccessLogCursor = (id: string): string => Buffer.from(`${CURSOR_PREFIX}${id}`).toString('base64url');
export function decodeAccessLogCursor(cursor: string): string {
  const text = /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  const m = /^pda1:([1-9]\d{0,17})$/.exec(text);
  if (!m) throw badInput('cursor', 'cursor', 'invalid');
  return m[1];
}

/** The insert-only record of personal-data reads (table made by PersonalDataAccessLog1795470000000). */
@Injectable()
export class PersonalDataAccessLog {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * The reason is stored redacted (an attacking helper, 2026-12-07, had a phone number kept verbatim
   * in this insert-only table, which no erasure reaches): numbers and e-mails, and `names` (the case's
   * citizen) wherever they appear; a reader who states "核实张伟 13912345678" leaves "核实张* 139****5678".
   */
  async record(access: AccessRecord, names: readonly string[] = []): Promise<AccessLogEntry> {
    const { rows } = await this.pool.query<Row>(
      `insert into ${ACCESS_LOG_TABLE} (actor_sub, actor_roles, petition_id, route, reason)
       values ($1, $2, $3, $4, $5) returning *`,
      [access.sub, access.roles, access.petitionId, access.route, redactText(access.reason, { names: [...names] })],
    );
    return toEntry(rows[0]);
  }

  /** Newest first, keyset-paginated by id. */
  async list(filter: AccessLogFilter): Promise<AccessLogPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (filter.petitionId) where.push(`petition_id = ${param(filter.petitionId)}`);
    if (filter.from) where.push(`accessed_at >= ${param(filter.from)}`);
    if (filter.to) where.push(`accessed_at <= ${param(filter.to)}`);
    if (filter.cursor) where.push(`id < ${param(decodeAccessLogCursor(filter.cursor))}`);
    const { rows } = await this.pool.query<Row>(
      `select * from ${ACCESS_LOG_TABLE} ${where.length ? `where ${where.join(' and ')}` : ''}
        order by id desc limit ${param(filter.limit + 1)}`,
      params,
    );
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return { items: page.map(toEntry), ...(rows.length > filter.limit && last && { nextCursor: encodeAccessLogCursor(last.id) }) };
  }
}
