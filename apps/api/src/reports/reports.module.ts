import { Module } from '@nestjs/common';
import { PetitionsModule } from '../petitions/petitions.module';
import { DepartmentPerformanceModule } from '@wenzheng/read-models';
import { AssessmentReportController } from './assessment-report/assessment-report.controller';
import { HandlerFiguresController } from './handler-figures/handler-figures.controller';

/** GET /api/reports/assessment (docs/scoring.md, for supervisors); `npm run report` writes the same files. */
@Module({
  imports: [PetitionsModule, DepartmentPerformanceModule], // PetitionsModule: the Clock
  controllers: [AssessmentReportController, HandlerFiguresController],
})
export class ReportsModule {}
