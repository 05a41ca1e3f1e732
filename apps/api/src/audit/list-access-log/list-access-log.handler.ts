import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { endOfLocalDay, isLocalDate, startOfLocalDay } from '@wenzheng/calendar';
import { parseInstant } from '../shared/audit-read.dto';
import { AccessLogPage, PersonalDataAccessLog } from '../shared/personal-data-access-log';
import { ACCESS_LOG_DEFAULT_PAGE } from './list-access-log.dto';
import { ListAccessLogQuery } from './list-access-log.query';
import { badInput } from '../../http/validation';

/** A date bound covers its whole local day; an instant is taken as given. */
function bound(value: string | undefined, side: 'from' | 'to'): Date | undefined {
  if (value === undefined) return undefined;
  if (isLocalDate(value)) return side === 'from' ? startOfLocalDay(value) : endOfLocalDay(value);
  const at = parseInstant(value) ?? new Date(value);
  if (Number.isNaN(at.getTime())) throw badInput(side, 'isDateOrInstant', 'must be a date YYYY-MM-DD or an ISO 8601 instant with offset');
  return at;
}

@QueryHandler(ListAccessLogQuery)
export class ListAccessLogHandler implements IQueryHandler<ListAccessLogQuery, AccessLogPage> {
  constructor(private readonly accessLog: PersonalDataAccessLog) {}

  execute({ filter }: ListAccessLogQuery): Promise<AccessLogPage> {
    const from = bound(filter.from, 'from');
    const to = bound(filter.to, 'to');
    if (from && to && from > to) throw badInput('to', 'isNotBefore', 'must not be before from');
    return this.accessLog.list({
      petitionId: filter.petitionId?.toLowerCase(),
      from,
      to,
      cursor: filter.cursor,
      limit: filter.limit ?? ACCESS_LOG_DEFAULT_PAGE,
    });
  }
}
