import { Global, Module } from '@nestjs/common';
import { DistrictsService } from './districts.service';
import { MailboxesService } from './mailboxes.service';
import { ReferenceDataService } from './reference-data.service';

/** Departments, categories, policies, districts and leaders' mailboxes for every process; the API adds the admin routes (ReferenceModule). */
@Global()
@Module({
  providers: [ReferenceDataService, DistrictsService, MailboxesService],
  exports: [ReferenceDataService, DistrictsService, MailboxesService],
})
export class ReferenceDataModule {}
