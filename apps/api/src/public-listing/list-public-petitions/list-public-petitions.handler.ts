import { BadRequestException, Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { SHANGHAI_OFFSET, addLocalDays } from '@wenzheng/calendar';
import { InvalidCursorError, cursorInstantSql, decodeCursor, encodeCursor } from '@wenzheng/read-models';
import { petitionViewTables, searchQuery } from '@wenzheng/read-models';
import { MailboxesService, ReferenceDataService } from '@wenzheng/read-models';
import { PG_POOL } from '@wenzheng/platform';
import { PUBLIC_ITEM_COLUMNS, PublicItemRow, PublicPetitionPage, VISIBLE_PUBLIC, publicItem } from '../shared/public-petition-view';
import { DEFAULT_PAGE_SIZE } from './list-public-petitions.dto';
import { ListPublicPetitionsQuery } from './list-public-petitions.query';

export const PUBLIC_LISTING_CURSOR = 'public-petitions';

/** A local date's start is that date at 00:00 in the fixed offset. */
const startOfDay = (date: string) => `${date}T00:00:00${SHANGHAI_OFFSET}`;

@QueryHandler(ListPublicPetitionsQuery)
export class ListPublicPetitionsHandler implements IQueryHandler<ListPublicPetitionsQuery, PublicPetitionPage> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly reference: ReferenceDataService,
    private readonly mailboxes: MailboxesService,
  ) {}

  async execute({ filter }: ListPublicPetitionsQuery): Promise<PublicPetitionPage> {
    const departmentId = filter.departmentId?.toLowerCase();
    const categoryId = filter.categoryId?.toLowerCase();
    if (departmentId && !this.reference.department(departmentId)) throw new BadRequestException('departmentId: unknown department');
    if (categoryId && !this.reference.category(categoryId)) throw new BadRequestException('categoryId: unknown category');
    if (filter.mailbox && !this.mailboxes.byId(filter.mailbox)) throw new BadRequestException('mailbox: unknown mailbox');
    let after;
    try {
      after = filter.cursor ? decodeCursor(PUBLIC_LISTING_CURSOR, filter.cursor) : undefined;
    } catch (e) {
      if (e instanceof InvalidCursorError) throw new BadRequestException('cursor: invalid');
      throw e;
    }
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;

    const where: string[] = [VISIBLE_PUBLIC];
    const params: unknown[] = [];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (departmentId) where.push(`p.department_id = ${param(departmentId)}`);
    if (categoryId) where.push(`p.category_id = ${param(categoryId)}`);
    // A district's code prefixes its streets' codes (digits only: validated), so one prefix match finds both.
    if (filter.district) where.push(`p.district_code like ${param(`${filter.district}%`)}`);
    if (filter.mailbox) where.push(`p.mailbox_id = ${param(filter.mailbox)}`);
    if (filter.status) where.push(`p.status = ${param(filter.status)}`);
    if (filter.kind) where.push(`p.kind = ${param(filter.kind)}`);
    if (filter.from) where.push(`p.submitted_at >= ${param(startOfDay(filter.from))}::timestamptz`);
    if (filter.to) where.push(`p.submitted_at < ${param(startOfDay(addLocalDays(filter.to, 1)))}::timestamptz`);
    if (filter.q !== undefined) {
      const query = searchQuery(filter.q);
      // Nothing searchable in q (only punctuation): nothing can match it.
      if (!query) return { items: [] };
      where.push(`p.search @@ ${param(query)}::tsquery`);
    }
    if (after) where.push(`(p.submitted_at, p.petition_id) < (${param(after.at)}::timestamptz, ${param(after.id)})`);

    const { rows } = await this.pool.query<PublicItemRow & { sort_at: string }>(
      `select ${PUBLIC_ITEM_COLUMNS}, ${cursorInstantSql('p.submitted_at')} as sort_at
         from ${petitionViewTables().public_petitions} p
        where ${where.join(' and ')}
        order by p.submitted_at desc, p.petition_id desc
        limit ${param(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => publicItem(r, this.reference, this.mailboxes)),
      ...(rows.length > limit && last && { nextCursor: encodeCursor(PUBLIC_LISTING_CURSOR, { at: last.sort_at, id: last.petition_id }) }),
    };
  }
}
