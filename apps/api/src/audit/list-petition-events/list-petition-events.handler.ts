import { NotFoundException } from '@nestjs/common';
import { citizenNamesIn } from '@wenzheng/petition-store';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CaseHistoryReader } from '../shared/case-history-reader';
import { PersonalDataAccessLog } from '../shared/personal-data-access-log';
import { showsPersonalData } from '../shared/audit-reader';
import { PetitionEventsAudit, auditEventView } from './audit-event-view';
import { ListPetitionEventsQuery } from './list-petition-events.query';

export const LIST_PETITION_EVENTS_ROUTE = 'GET /api/audit/petitions/:id/events';

@QueryHandler(ListPetitionEventsQuery)
export class ListPetitionEventsHandler implements IQueryHandler<ListPetitionEventsQuery, PetitionEventsAudit> {
  constructor(
    private readonly history: CaseHistoryReader,
    private readonly accessLog: PersonalDataAccessLog,
  ) {}

  async execute({ petitionId, reader }: ListPetitionEventsQuery): Promise<PetitionEventsAudit> {
    const { streamId, recorded, events } = await this.history.load(petitionId);
    if (!recorded.length) throw new NotFoundException(`petition ${petitionId} not found`);
    const show = showsPersonalData(reader);
    // Logged before the answer leaves: a read that cannot be recorded is not served.
    if (show) {
      await this.accessLog.record(
        {
          sub: reader.principal.sub,
          roles: reader.principal.roles,
          petitionId,
          route: LIST_PETITION_EVENTS_ROUTE,
          reason: reader.reason,
        },
        citizenNamesIn(events),
      );
    }
    const submitted = events.find((e) => e.type === 'PetitionSubmitted');
    return {
      petitionId,
      streamId,
      revision: Number(recorded[recorded.length - 1].revision),
      personalData: show ? 'shown' : 'masked',
      events: recorded.map((r, i) => auditEventView(r, events[i], show, submitted)),
    };
  }
}
