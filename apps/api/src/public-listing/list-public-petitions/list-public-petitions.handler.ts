import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { InvalidCursorError, decodeCursor, encodeCursor } from '@wenzheng/read-models';
import { DEPARTMENT_WINDOW, newestFirstRows, petitionViewTables, publicListingStatement } from '@wenzheng/read-models';
import { MailboxesService, ReferenceDataService } from '@wenzheng/read-models';
import { PG_POOL } from '@wenzheng/platform';
import { PublicItemRow, PublicPetitionPage, publicItem } from '../shared/public-petition-view';
import { DEFAULT_PAGE_SIZE } from './list-public-petitions.dto';
import { ListPublicPetitionsQuery } from './list-public-petitions.query';
import { badInput } from '../../http/validation';

export const PUBLIC_LISTING_CURSOR = 'public-petitions';

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
    if (departmentId && !this.reference.department(departmentId)) throw badInput('departmentId', 'knownDepartment', 'unknown department');
    if (categoryId && !this.reference.category(categoryId)) throw badInput('categoryId', 'knownCategory', 'unknown category');
    if (filter.mailbox && !this.mailboxes.byId(filter.mailbox)) throw badInput('mailbox', 'knownMailbox', 'unknown mailbox');
    let after;
    try {
      after = filter.cursor ? decodeCursor(PUBLIC_LISTING_CURSOR, filter.cursor) : undefined;
    } catch (e) {
      if (e instanceof InvalidCursorError) throw badInput('cursor', 'cursor', 'invalid');
      throw e;
    }
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;

    const { public_petitions: table, public_terms: terms } = petitionViewTables();
    const filters = {
      departmentId,
      categoryId,
      district: filter.district,
      mailbox: filter.mailbox,
      status: filter.status,
      kind: filter.kind,
      from: filter.from,
      to: filter.to,
      q: filter.q,
    };
    const rows = await newestFirstRows<PublicItemRow & { sort_at: string }>(
      this.pool,
      terms,
      filter.q,
      (match, position) => publicListingStatement({ table, terms }, filters, limit, position, match),
      after,
      limit + 1,
      true,
      undefined,
      filters.departmentId ? DEPARTMENT_WINDOW : undefined,
    );
    // Nothing searchable in q (only punctuation): nothing can match it.
    if (!rows) return { items: [] };
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => publicItem(r, this.reference, this.mailboxes)),
      ...(rows.length > limit && last && { nextCursor: encodeCursor(PUBLIC_LISTING_CURSOR, { at: last.sort_at, id: last.petition_id }) }),
    };
  }
}
