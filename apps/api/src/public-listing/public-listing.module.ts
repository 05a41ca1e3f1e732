import { Module } from '@nestjs/common';
import { GetPublicPetitionController } from './get-public-petition/get-public-petition.controller';
import { GetPublicPetitionHandler } from './get-public-petition/get-public-petition.handler';
import { ListPublicPetitionsController } from './list-public-petitions/list-public-petitions.controller';
import { ListPublicPetitionsHandler } from './list-public-petitions/list-public-petitions.handler';

/** The sunshine listing (阳光问政) over the petition_views read model. */
@Module({
  controllers: [ListPublicPetitionsController, GetPublicPetitionController],
  providers: [ListPublicPetitionsHandler, GetPublicPetitionHandler],
})
export class PublicListingModule {}
