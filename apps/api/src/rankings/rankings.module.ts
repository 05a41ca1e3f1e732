import { Module } from '@nestjs/common';
import { PetitionsModule } from '../petitions/petitions.module';
import { DepartmentPerformanceModule } from '@wenzheng/read-models';
import { GetRankingsController } from './get-rankings/get-rankings.controller';
import { GetRankingsHandler } from './get-rankings/get-rankings.handler';

/** GET /api/public/rankings: the public side of assessment (docs/scoring.md), computed by DepartmentPerformanceQuery. */
@Module({
  imports: [PetitionsModule, DepartmentPerformanceModule],
  controllers: [GetRankingsController],
  providers: [GetRankingsHandler],
})
export class RankingsModule {}
