import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal';
import type { PetitionView } from './petition-view';

export class GetPetitionQuery extends Query<PetitionView> {
  constructor(
    readonly petitionId: string,
    readonly principal: Principal | undefined,
    readonly accessKeyHash: string | undefined,
  ) {
    super();
  }
}
