import { Module, OnModuleInit } from '@nestjs/common';
import { ErrorMappers, ErrorMappersModule } from '../http/error-mappers';
import { PetitionsModule } from '../petitions/petitions.module';
import { CloseConsultationController } from './close-consultation/close-consultation.controller';
import { ModerateOpinionController } from './moderate-opinion/moderate-opinion.controller';
import { PublishConsultationController } from './publish-consultation/publish-consultation.controller';
import { PublishFeedbackSummaryController } from './publish-feedback-summary/publish-feedback-summary.controller';
import { ConsultationReader } from './read-consultations/consultation-reader';
import { ReadConsultationsController } from './read-consultations/read-consultations.controller';
import { registerConsultationErrorMapper } from './shared/consultation-request';
import { SubmitOpinionController } from './submit-opinion/submit-opinion.controller';
import { ConsultationWatcherModule } from '@wenzheng/workers';

/**
 * Consultations (意见征集): a draft put out for comment, opinions, the feedback summary and its red
 * light; one `consultation-<id>` stream each, decided by libs/consultation. Controllers call the
 * runner directly: a Nest command class per use case would only forward its fields. Its read
 * model runs in the projector (projection-list.ts).
 */
@Module({
  imports: [PetitionsModule, ConsultationWatcherModule, ErrorMappersModule], // the one Clock
  controllers: [
    PublishConsultationController,
    SubmitOpinionController,
    ModerateOpinionController,
    CloseConsultationController,
    PublishFeedbackSummaryController,
    ReadConsultationsController,
  ],
  providers: [ConsultationReader],
})
export class ConsultationsModule implements OnModuleInit {
  constructor(private readonly errors: ErrorMappers) {}

  onModuleInit(): void {
    registerConsultationErrorMapper(this.errors);
  }
}
