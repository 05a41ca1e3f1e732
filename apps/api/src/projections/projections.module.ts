import { Global, Module } from '@nestjs/common';
import { PetitionsModule } from '../petitions/petitions.module';
import { ProjectorService } from './projector.service';

@Global()
@Module({ imports: [PetitionsModule], providers: [ProjectorService], exports: [ProjectorService] })
export class ProjectionsModule {}
