import { Module } from '@nestjs/common';
import { GetPetitionStateController } from './get-petition-state/get-petition-state.controller';
import { GetPetitionStateHandler } from './get-petition-state/get-petition-state.handler';
import { ListAccessLogController } from './list-access-log/list-access-log.controller';
import { ListAccessLogHandler } from './list-access-log/list-access-log.handler';
import { ListPetitionEventsController } from './list-petition-events/list-petition-events.controller';
import { ListPetitionEventsHandler } from './list-petition-events/list-petition-events.handler';
import { CaseHistoryReader } from './shared/case-history-reader';
import { PersonalDataAccessLog } from './shared/personal-data-access-log';
import { IntegrityVerifier } from './verify-integrity/integrity-verifier';
import { VerifyIntegrityController } from './verify-integrity/verify-integrity.controller';
import { VerifyIntegrityHandler } from './verify-integrity/verify-integrity.handler';

/**
 * Auditors (纪检 / inspection): every event of a case, the case at any instant, the integrity
 * chain, and the log of their own reads of personal data. Read-only over the event store.
 */
@Module({
  controllers: [ListPetitionEventsController, GetPetitionStateController, ListAccessLogController, VerifyIntegrityController],
  providers: [
    ListPetitionEventsHandler,
    GetPetitionStateHandler,
    ListAccessLogHandler,
    VerifyIntegrityHandler,
    CaseHistoryReader,
    PersonalDataAccessLog,
    IntegrityVerifier,
  ],
})
export class AuditModule {}
