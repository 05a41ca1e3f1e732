import { Query } from '@nestjs/cqrs';
import type { PublicPetitionDetail } from '../shared/public-petition-view';

export class GetPublicPetitionQuery extends Query<PublicPetitionDetail> {
  constructor(readonly trackingCode: string) {
    super();
  }
}
