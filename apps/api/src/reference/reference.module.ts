import { Module } from '@nestjs/common';
import { ReferenceDataModule } from '@wenzheng/read-models';
import { CategoriesController } from './categories.controller';
import { DepartmentsController } from './departments.controller';
import { DistrictsController } from './districts.controller';
import { MailboxesController } from './mailboxes.controller';
import { PoliciesController, PolicyReadController } from './policies.controller';

@Module({
  imports: [ReferenceDataModule],
  controllers: [
    DepartmentsController,
    CategoriesController,
    PoliciesController,
    PolicyReadController,
    DistrictsController,
    MailboxesController,
  ],
})
export class ReferenceModule {}
