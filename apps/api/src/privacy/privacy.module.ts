import { Module } from '@nestjs/common';
import { PetitionsModule } from '../petitions/petitions.module';
import { ErasePersonalDataController } from './erase-personal-data.controller';

@Module({ imports: [PetitionsModule], controllers: [ErasePersonalDataController] })
export class PrivacyModule {}
