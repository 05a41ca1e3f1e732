import { Global, Module } from '@nestjs/common';
import { PetitionStorageModule } from '@wenzheng/petition-store';
import { ProjectorService } from './projector.service';

@Global()
@Module({ imports: [PetitionStorageModule], providers: [ProjectorService], exports: [ProjectorService] })
export class ProjectionsModule {}
