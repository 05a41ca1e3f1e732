import { Global, Module } from '@nestjs/common';
import { CategoriesController } from './categories.controller';
import { DepartmentsController } from './departments.controller';
import { DistrictsController } from './districts.controller';
import { DistrictsService } from './districts.service';
import { PoliciesController, PolicyReadController } from './policies.controller';
import { ReferenceDataService } from './reference-data.service';

@Global()
@Module({
  controllers: [DepartmentsController, CategoriesController, PoliciesController, PolicyReadController, DistrictsController],
  providers: [ReferenceDataService, DistrictsService],
  exports: [ReferenceDataService, DistrictsService],
})
export class ReferenceModule {}
