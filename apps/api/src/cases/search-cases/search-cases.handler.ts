import { ForbiddenException, Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { InvalidCursorError, decodeCursor, encodeCursor } from '@wenzheng/read-models';
import { DEPARTMENT_WINDOW, caseSearchStatement, newestFirstRows, petitionViewTables } from '@wenzheng/read-models';
import { parseTrackingCode } from '@wenzheng/petition';
import { PETITION_REF_RULE } from '../../petitions/shared/petition-ref';
import { PHONE_BLIND_INDEX } from '@wenzheng/command-runner';
import type { PhoneBlindIndex } from '@wenzheng/petition-store';
import { Clock } from '@wenzheng/petition-store';
import { MailboxesService, ReferenceDataService } from '@wenzheng/read-models';
import { PG_POOL } from '@wenzheng/platform';
import { CASE_SEARCH_DEFAULT_LIMIT, CaseSearchItem, CaseSearchPage } from './search-cases.dto';
import { SearchCasesQuery } from './search-cases.query';
import { badInput } from '../../http/validation';

export const CASE_SEARCH_CURSOR = 'case-search';

/** Roles that search every case; a handler searches the cases ever dispatched to their department. */
const SEARCH_ALL = ['reviewer', 'supervisor', 'auditor'] as const;

interface Row {
  petition_id: string;
  tracking_code: string;
  title: string;
  status: string;
  kind: string;
  channel: string;
  department_id: string | null;
  category_id: string | null;
  submitted_at: Date;
  closed_at: Date | null;
  acknowledge_by: Date | null;
  respond_by: Date | null;
  acknowledge_missed_at: Date | null;
  respond_missed_at: Date | null;
  overdue: boolean;
  escalation_level: number;
  pending_extension: boolean;
  duplicate_of: string | null;
  sort_at: string;
}

/**
 * GET /api/cases over the `cases` read model: redacted titles, no personal data. Every filter
 * shape meets an index of createPetitionViewTables, ordered newest first (keyset).
 */
@QueryHandler(SearchCasesQuery)
export class SearchCasesHandler implements IQueryHandler<SearchCasesQuery, CaseSearchPage> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PHONE_BLIND_INDEX) private readonly phoneIndex: PhoneBlindIndex,
    private readonly reference: ReferenceDataService,
    private readonly clock: Clock,
    private readonly mailboxes: MailboxesService,
  ) {}

  async execute({ filter, principal }: SearchCasesQuery): Promise<CaseSearchPage> {
    const seesAll = principal.roles.some((r) => (SEARCH_ALL as readonly string[]).includes(r));
    const ownDepartment = seesAll ? undefined : principal.departmentId?.toLowerCase();
    if (!seesAll && !ownDepartment) throw new ForbiddenException('the token names no department (departmentId claim)');

    const departmentId = filter.departmentId?.toLowerCase();
    const categoryId = filter.categoryId?.toLowerCase();
    if (departmentId && !this.reference.department(departmentId)) throw badInput('departmentId', 'knownDepartment', 'unknown department');
    if (categoryId && !this.reference.category(categoryId)) throw badInput('categoryId', 'knownCategory', 'unknown category');
    if (filter.mailbox && !this.mailboxes.byId(filter.mailbox)) throw badInput('mailbox', 'knownMailbox', 'unknown mailbox');
    let trackingCode: string | undefined;
    if (filter.trackingCode !== undefined) {
      trackingCode = parseTrackingCode(filter.trackingCode);
      if (!trackingCode) throw badInput('trackingCode', 'isPetitionRef', PETITION_REF_RULE.replace(/^ref: /, ''));
    }
    let phoneIndex: string | undefined;
    if (filter.phone !== undefined) {
      // A lookup by phone ties a person to cases: for those who may see the citizen in clear only.
      if (!principal.roles.includes('reviewer') && !principal.roles.includes('handler')) {
        throw new ForbiddenException(
          'phone: searching by phone number is for the hotline office (reviewer) and the department handling the case',
        );
      }
      phoneIndex = this.phoneIndex.of(filter.phone);
      if (!phoneIndex) throw badInput('phone', 'isPhoneNumber', 'must be a mainland mobile number or a landline with area code');
    }
    let after;
    try {
      after = filter.cursor ? decodeCursor(CASE_SEARCH_CURSOR, filter.cursor) : undefined;
    } catch (e) {
      if (e instanceof InvalidCursorError) throw badInput('cursor', 'cursor', 'invalid');
      throw e;
    }
    const limit = filter.limit ?? CASE_SEARCH_DEFAULT_LIMIT;

    const { cases: table, case_terms: terms } = petitionViewTables();
    const filters = {
      ownDepartment,
      trackingCode,
      phoneIndex,
      status: filter.status,
      kind: filter.kind,
      channel: filter.channel,
      departmentId,
      categoryId,
      mailbox: filter.mailbox,
      from: filter.from,
      to: filter.to,
      overdue: filter.overdue,
      escalated: filter.escalated,
      q: filter.q,
    };
    const rows = await newestFirstRows<Row>(
      this.pool,
      terms,
      filter.q,
      (match, position) => caseSearchStatement({ table, terms }, filters, limit, position, match),
      after,
      limit + 1,
      true,
      undefined,
      ownDepartment ? DEPARTMENT_WINDOW : undefined,
    );
    if (!rows) return { items: [] }; // only punctuation in q: nothing can match
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const now = this.clock.now();
    return {
      items: page.map((r) => this.item(r, now)),
      ...(rows.length > limit && last && { nextCursor: encodeCursor(CASE_SEARCH_CURSOR, { at: last.sort_at, id: last.petition_id }) }),
    };
  }

  private item(r: Row, now: Date): CaseSearchItem {
    const department = r.department_id ? this.reference.department(r.department_id) : undefined;
    const category = r.category_id ? this.reference.category(r.category_id) : undefined;
    return {
      id: r.petition_id,
      trackingCode: r.tracking_code,
      title: r.title,
      status: r.status,
      kind: r.kind,
      channel: r.channel,
      ...(r.department_id && { department: { id: r.department_id, ...(department && { name: department.name }) } }),
      ...(r.category_id && { categoryId: r.category_id, ...(category && { categoryName: category.name }) }),
      submittedAt: r.submitted_at.toISOString(),
      deadlines: {
        ...(r.acknowledge_by && { acknowledgeBy: r.acknowledge_by.toISOString() }),
        ...(r.respond_by && { respondBy: r.respond_by.toISOString() }),
      },
      redLights: [...(r.acknowledge_missed_at ? ['acknowledgement'] : []), ...(r.respond_missed_at ? ['response'] : [])],
      overdue: r.overdue,
      escalationLevel: r.escalation_level,
      pendingExtension: r.pending_extension,
      ageWorkingDays: this.reference.calendar().workingDaysBetween(r.submitted_at, r.closed_at ?? now),
      ...(r.duplicate_of && { duplicateOf: r.duplicate_of }),
      url: `/api/petitions/${r.petition_id}`,
    };
  }
}
