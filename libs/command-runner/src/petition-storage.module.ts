import { Global, Module, type Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import { APP_CONFIG, PG_POOL, type AppConfig } from '@wenzheng/platform';
import {
  ConsultationEventCodec,
  InterviewEventCodec,
  PetitionEventCodec,
  PhoneBlindIndex,
  SubjectKeyStore,
  SurveyEventCodec,
} from '@wenzheng/petition-store';

/** Injection token of the PhoneBlindIndex. */
export const PHONE_BLIND_INDEX = Symbol('PHONE_BLIND_INDEX');

// The codecs and the key store are plain classes (libs/petition-store imports no framework):
// factories hand them their keys here, the one place that knows about Nest.
const PROVIDERS = [
  { provide: SubjectKeyStore, inject: [PG_POOL], useFactory: (pool: Pool) => new SubjectKeyStore(pool) },
  { provide: PHONE_BLIND_INDEX, inject: [APP_CONFIG], useFactory: (c: AppConfig) => PhoneBlindIndex.fromConfig(c) },
  {
    provide: PetitionEventCodec,
    inject: [SubjectKeyStore, PHONE_BLIND_INDEX],
    useFactory: (keys: SubjectKeyStore, index: PhoneBlindIndex) => new PetitionEventCodec(keys, index),
  },
  { provide: ConsultationEventCodec, inject: [SubjectKeyStore], useFactory: (keys: SubjectKeyStore) => new ConsultationEventCodec(keys) },
  { provide: InterviewEventCodec, inject: [SubjectKeyStore], useFactory: (keys: SubjectKeyStore) => new InterviewEventCodec(keys) },
  { provide: SurveyEventCodec, inject: [SubjectKeyStore], useFactory: (keys: SubjectKeyStore) => new SurveyEventCodec(keys) },
] satisfies Provider[];

/** How case, consultation, interview and survey events are stored and read back (the codecs and their keys); one per application. */
@Global()
@Module({ providers: PROVIDERS, exports: PROVIDERS.map((p) => p.provide) })
export class PetitionStorageModule {}
