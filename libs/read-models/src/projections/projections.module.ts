import { Global, Module } from '@nestjs/common';
import { ProjectorService } from './projector.service';

@Global()
// The codec it decodes with is the application's: PetitionStorageModule (@wenzheng/command-runner) is global.
@Module({ providers: [ProjectorService], exports: [ProjectorService] })
export class ProjectionsModule {}
