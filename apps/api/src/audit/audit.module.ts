import { Module } from '@nestjs/common';
import { GetPetitionStateController } from './get-petition-state/get-petition-state.controller';
import { GetPetitionStateHandler } from './get-petition-state/get-petition-state.handler';
import { ListAccessLogController } from './list-access-log/list-access-log.controller';
import { ListAccessLogHandler } from './list-access-log/list-access-log.handler';
import { ListPetitionEventsController } from './list-petition-events/list-petition-events.controller';
import { ListPetitionEventsHandler } from './list-petition-events/list-petition-events.handler';
import { CaseHistoryReader } from './shared/case-history-reader';
import { ParticipationEventsController } from './participation-events/participation-events.controller';
import { ParticipationHistory } from './participation-events/participation-history';
import { PersonalDataAccessLog } from './shared/personal-data-access-log';
import { IntegrityVerifier } from './verify-integrity/integrity-verifier';
import { VerifyIntegrityController } from './verify-integrity/verify-integrity.controller';
import { VerifyIntegrityHandler } from './verify-integrity/verify-integrity.handler';

/**
 * Auditors (纪检 / inspection): every event of a case (and of a consultation, survey or interview), the case at any instant, the integrity
 * chain, and the log of their own reads of personal data. Read-only over the event store.
 */
@Module({
  controllers: [
    ListPetitionEventsController,
    GetPetitionStateController,
    ListAccessLogController,
    VerifyIntegrityController,
    ParticipationEventsController,
  ],
  providers: [
    ListPetitionEventsHandler,
    GetPetitionStateHandler,
    ListAccessLogHandler,
    VerifyIntegrityHandler,
    CaseHistoryReader,
    PersonalDataAccessLog,
    IntegrityVerifier,
    ParticipationHistory,
  ],
})
export class AuditModule {}
