import { Query } from '@nestjs/cqrs';
import type { AuditReader } from '../shared/audit-reader';
import type { PetitionEventsAudit } from './audit-event-view';

export class ListPetitionEventsQuery extends Query<PetitionEventsAudit> {
  constructor(
    readonly petitionId: string,
    readonly reader: AuditReader,
  ) {
    super();
  }
}
