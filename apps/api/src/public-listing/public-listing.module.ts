import { Module } from '@nestjs/common';
import { PetitionsModule } from '../petitions/petitions.module';
import { ExportPublicPetitionsController } from './export-public-petitions/export-public-petitions.controller';
import { PublicPetitionsExport } from './export-public-petitions/export-public-petitions.service';
import { GetPublicPetitionController } from './get-public-petition/get-public-petition.controller';
import { GetPublicPetitionHandler } from './get-public-petition/get-public-petition.handler';
import { GetStatisticsController } from './get-statistics/get-statistics.controller';
import { GetStatisticsHandler } from './get-statistics/get-statistics.handler';
import { ListPublicPetitionsController } from './list-public-petitions/list-public-petitions.controller';
import { ListPublicPetitionsHandler } from './list-public-petitions/list-public-petitions.handler';

/** The sunshine listing (阳光问政) over the petition_views read model. */
@Module({
  imports: [PetitionsModule], // the Clock (statistics: working days up to today)
  controllers: [ListPublicPetitionsController, GetPublicPetitionController, GetStatisticsController, ExportPublicPetitionsController],
  providers: [ListPublicPetitionsHandler, GetPublicPetitionHandler, GetStatisticsHandler, PublicPetitionsExport],
})
export class PublicListingModule {}
