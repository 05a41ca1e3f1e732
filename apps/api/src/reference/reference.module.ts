import { Global, Module } from '@nestjs/common';
import { CategoriesController } from './categories.controller';
import { DepartmentsController } from './departments.controller';
import { PoliciesController } from './policies.controller';
import { ReferenceDataService } from './reference-data.service';

@Global()
@Module({
  controllers: [DepartmentsController, CategoriesController, PoliciesController],
  providers: [ReferenceDataService],
  exports: [ReferenceDataService],
})
export class ReferenceModule {}
