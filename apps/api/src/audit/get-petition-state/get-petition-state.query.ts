import { Query } from '@nestjs/cqrs';
import type { AuditReader } from '../shared/audit-reader';
import type { PetitionStateAt } from './get-petition-state.handler';

export class GetPetitionStateQuery extends Query<PetitionStateAt> {
  constructor(
    readonly petitionId: string,
    readonly at: Date,
    readonly reader: AuditReader,
  ) {
    super();
  }
}
