import { Global, Module } from '@nestjs/common';
import { PetitionEventCodec } from '../shared/petition-event-codec';

/** How petition events are stored and read back (the codec); shared by commands, projector and audit. */
@Global()
@Module({ providers: [PetitionEventCodec], exports: [PetitionEventCodec] })
export class PetitionStorageModule {}
