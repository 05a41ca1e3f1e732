import { Module, OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '@wenzheng/platform';
import { isSurveyDomainError } from '@wenzheng/survey';
import { ErrorMappers, ErrorMappersModule } from '../http/error-mappers';
import { participationErrorAnswer } from '../consultations/shared/consultation-request';
import { NotificationsModule, SurveyWatcherModule } from '@wenzheng/workers';
import { PetitionsModule } from '../petitions/petitions.module';
import { APP_CONFIG } from '@wenzheng/platform';
import { PhoneCodes, RESPONDENT_KEYS } from './phone-codes';
import { RespondentKeys } from './respondent-key';
import { SurveyReader } from './survey-reader';
import { SurveysPublicController } from './surveys-public.controller';
import { SurveysStaffController } from './surveys-staff.controller';

/**
 * Surveys (网上调查/投票): one `survey-<id>` stream each, decided by libs/survey; SMS codes in
 * wz_survey.phone_codes, sent through the notifications' SMS gateway; the survey_results read
 * model runs in the projector (projection-list.ts).
 */
@Module({
  imports: [PetitionsModule, NotificationsModule, SurveyWatcherModule, ErrorMappersModule], // the runner and the watcher that closes surveys at their end
  controllers: [SurveysStaffController, SurveysPublicController],
  providers: [
    SurveyReader,
    PhoneCodes,
    { provide: RESPONDENT_KEYS, inject: [APP_CONFIG], useFactory: (c: AppConfig) => RespondentKeys.fromConfig(c) },
  ],
})
export class SurveysModule implements OnModuleInit {
  constructor(private readonly errors: ErrorMappers) {}

  onModuleInit(): void {
    this.errors.register(participationErrorAnswer(isSurveyDomainError));
  }
}
