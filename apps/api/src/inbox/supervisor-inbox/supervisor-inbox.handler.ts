import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InvalidCursorError, decodeCursor, encodeCursor } from '@wenzheng/read-models';
import { INBOX_KINDS, InboxKind } from '@wenzheng/read-models';
import { InboxPosition, InboxRow, SupervisorInboxReader } from '@wenzheng/read-models';
import { DECISIONS, InboxAction, SUPERVISOR_INBOX_DEFAULT_LIMIT, SupervisorInboxItem, SupervisorInboxPage } from './supervisor-inbox.dto';
import { SupervisorInboxQuery } from './supervisor-inbox.query';
import { badInput } from '../../http/validation';

// The cursor keeps (since, petition id, kind); the kind is written with dashes to fit its id rule.
const UUID_LENGTH = 36;
const scopeOf = (kind?: InboxKind) => `supervisor-inbox:${kind ?? 'all'}`;

function decode(kind: InboxKind | undefined, cursor: string): InboxPosition {
  const { at, id } = decodeCursor(scopeOf(kind), cursor);
  const itemKind = id.slice(UUID_LENGTH + 1).replace(/-/g, '_') as InboxKind;
  if (id[UUID_LENGTH] !== '-' || !INBOX_KINDS.includes(itemKind)) throw new InvalidCursorError('malformed');
  return { at, petitionId: id.slice(0, UUID_LENGTH), kind: itemKind };
}

/** The commands that settle each kind of item (the first is `act`, the others its alternatives), and who may send them. */
const ACTIONS: Record<InboxKind, { paths: readonly [string, ...string[]]; role: string }> = {
  extension_request: { paths: ['extension-decision'], role: 'supervisor' },
  unsatisfied_rating: { paths: ['reopen', 'close'], role: 'supervisor' },
  red_light: { paths: ['escalate'], role: 'supervisor' },
  auto_escalation: { paths: ['escalate'], role: 'supervisor' },
  returned: { paths: ['dispatch'], role: 'reviewer' },
};

@QueryHandler(SupervisorInboxQuery)
export class SupervisorInboxHandler implements IQueryHandler<SupervisorInboxQuery, SupervisorInboxPage> {
  constructor(private readonly reader: SupervisorInboxReader) {}

  async execute({ page }: SupervisorInboxQuery): Promise<SupervisorInboxPage> {
    let after: InboxPosition | undefined;
    try {
      after = page.cursor ? decode(page.kind, page.cursor) : undefined;
    } catch (e) {
      if (e instanceof InvalidCursorError) throw badInput('cursor', 'cursor', 'invalid (or issued for another kind filter)');
      throw e;
    }
    const limit = page.limit ?? SUPERVISOR_INBOX_DEFAULT_LIMIT;
    const now = this.reader.now();
    const { counts, rows } = await this.reader.countsAndPage(now, { kind: page.kind, after, limit });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      asOf: now.toISOString(),
      counts,
      items: items.map((r) => this.toItem(r)),
      ...(rows.length > limit &&
        last && {
          nextCursor: encodeCursor(scopeOf(page.kind), { at: last.sortAt, id: `${last.petitionId}-${last.kind.replace(/_/g, '-')}` }),
        }),
    };
  }

  private toItem(r: InboxRow): SupervisorInboxItem {
    const petition = `/api/petitions/${r.petitionId}`;
    const { paths, role } = ACTIONS[r.kind];
    const [act, ...alternatives] = paths.map((path): InboxAction => ({ method: 'POST', href: `${petition}/${path}`, role }));
    const departmentName = r.departmentId ? this.reader.departmentName(r.departmentId) : undefined;
    return {
      kind: r.kind,
      petitionId: r.petitionId,
      trackingCode: r.trackingCode,
      title: r.title,
      ...(r.departmentId && { department: { id: r.departmentId, ...(departmentName && { name: departmentName }) } }),
      since: r.since.toISOString(),
      decision: DECISIONS[r.kind],
      ...(r.dueBy && { dueBy: r.dueBy.toISOString() }),
      detail: r.detail,
      links: { petition, act, ...(alternatives.length > 0 && { alternatives }) },
    };
  }
}
