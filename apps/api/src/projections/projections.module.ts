import { Global, Module } from '@nestjs/common';
import { PetitionStorageModule } from '../petitions/storage/petition-storage.module';
import { ProjectorService } from './projector.service';

@Global()
@Module({ imports: [PetitionStorageModule], providers: [ProjectorService], exports: [ProjectorService] })
export class ProjectionsModule {}
