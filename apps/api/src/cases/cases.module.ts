import { Module } from '@nestjs/common';
import { PetitionsModule } from '../petitions/petitions.module';
import { SearchCasesController } from './search-cases/search-cases.controller';
import { SearchCasesHandler } from './search-cases/search-cases.handler';

/** Staff search over the `cases` read model (GET /api/cases). */
@Module({
  imports: [PetitionsModule], // the Clock
  controllers: [SearchCasesController],
  providers: [SearchCasesHandler],
})
export class CasesModule {}
