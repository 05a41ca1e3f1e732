import { Global, Module } from '@nestjs/common';
import { SubjectKeyStore } from '../../privacy/subject-key-store';
import { PetitionEventCodec } from '../shared/petition-event-codec';

/** How petition events are stored and read back (the codec and its keys); shared by commands, projector and audit. */
@Global()
@Module({ providers: [SubjectKeyStore, PetitionEventCodec], exports: [SubjectKeyStore, PetitionEventCodec] })
export class PetitionStorageModule {}
