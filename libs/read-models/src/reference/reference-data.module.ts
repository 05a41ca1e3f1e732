import { Global, Module } from '@nestjs/common';
import { DistrictsService } from './districts.service';
import { ReferenceDataService } from './reference-data.service';

/** Departments, categories, policies and districts for every process; the API adds the admin routes (ReferenceModule). */
@Global()
@Module({ providers: [ReferenceDataService, DistrictsService], exports: [ReferenceDataService, DistrictsService] })
export class ReferenceDataModule {}
