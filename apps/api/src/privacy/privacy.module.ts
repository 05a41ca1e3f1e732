import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { PetitionsModule } from '../petitions/petitions.module';
import { ErasePersonalDataController } from './erase-personal-data.controller';

// AttachmentsModule is global (the petition slices use its store); erasure is what needs it here.
@Module({ imports: [PetitionsModule, AttachmentsModule], controllers: [ErasePersonalDataController] })
export class PrivacyModule {}
