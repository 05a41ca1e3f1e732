import { Query } from '@nestjs/cqrs';
import type { ListMyPetitionsDto, MyPetitionPage } from './list-my-petitions.dto';

export class ListMyPetitionsQuery extends Query<MyPetitionPage> {
  constructor(
    /** The citizen token's `sub`: the account recorded as submitter. */
    readonly userId: string,
    readonly page: ListMyPetitionsDto,
  ) {
    super();
  }
}
