import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '@wenzheng/platform';
import { PHONE_BLIND_INDEX, PhoneBlindIndex } from './phone-blind-index';
import { APP_CONFIG } from '@wenzheng/platform';
import { SubjectKeyStore } from './subject-key-store';
import { PetitionEventCodec } from './petition-event-codec';

/** How petition events are stored and read back (the codec and its keys); shared by commands, projector and audit. */
@Global()
@Module({
  providers: [
    SubjectKeyStore,
    PetitionEventCodec,
    { provide: PHONE_BLIND_INDEX, inject: [APP_CONFIG], useFactory: (c: AppConfig) => PhoneBlindIndex.fromConfig(c) },
  ],
  exports: [SubjectKeyStore, PetitionEventCodec, PHONE_BLIND_INDEX],
})
export class PetitionStorageModule {}
