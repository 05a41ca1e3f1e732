import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal';
import type { PetitionReadView } from './get-petition.handler';

export class GetPetitionQuery extends Query<PetitionReadView> {
  constructor(
    readonly petitionId: string,
    readonly principal: Principal | undefined,
    readonly accessKeyHash: string | undefined,
    /** `?reason=`: why staff without a right to the personal data need it (logged). */
    readonly reason?: string,
    /** The case as the caller named it (id or tracking code): all a 404 may repeat. */
    readonly ref: string = petitionId,
  ) {
    super();
  }
}
