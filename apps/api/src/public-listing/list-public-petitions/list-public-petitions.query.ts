import { Query } from '@nestjs/cqrs';
import type { PublicPetitionPage } from '../shared/public-petition-view';
import type { ListPublicPetitionsDto } from './list-public-petitions.dto';

export class ListPublicPetitionsQuery extends Query<PublicPetitionPage> {
  constructor(readonly filter: ListPublicPetitionsDto) {
    super();
  }
}
