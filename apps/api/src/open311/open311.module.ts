import { Module } from '@nestjs/common';
import { PetitionsModule } from '../petitions/petitions.module';
import { PetitionCommandHandler } from '../petitions/shared/petition-command.handler';
import { Open311Controller } from './open311.controller';

@Module({ imports: [PetitionsModule], controllers: [Open311Controller], providers: [PetitionCommandHandler] })
export class Open311Module {}
