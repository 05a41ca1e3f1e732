import { Module, OnModuleInit, Provider, Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { PetitionCommandType } from '@wenzheng/petition';
import type { AppConfig } from '@wenzheng/platform';
import { APP_CONFIG } from '@wenzheng/platform';
import { AcknowledgePetitionController } from './acknowledge-petition/acknowledge-petition.controller';
import { ClosePetitionController } from './close-petition/close-petition.controller';
import { CommentOnPetitionController } from './comment-on-petition/comment-on-petition.controller';
import { DecideExtensionController } from './decide-extension/decide-extension.controller';
import { DispatchPetitionController } from './dispatch-petition/dispatch-petition.controller';
import { EscalatePetitionController } from './escalate-petition/escalate-petition.controller';
import { GetPetitionController } from './get-petition/get-petition.controller';
import { GetPetitionHandler } from './get-petition/get-petition.handler';
import { ListMyPetitionsController } from './list-my-petitions/list-my-petitions.controller';
import { ListMyPetitionsHandler } from './list-my-petitions/list-my-petitions.handler';
import { PersonalDataAccessLog } from '../audit/shared/personal-data-access-log';
import { ReleaseReporterIdentityController } from './release-reporter-identity/release-reporter-identity.controller';
import { RatePetitionController } from './rate-petition/rate-petition.controller';
import { ReopenPetitionController } from './reopen-petition/reopen-petition.controller';
import { RequestExtensionController } from './request-extension/request-extension.controller';
import { RespondToPetitionController } from './respond-to-petition/respond-to-petition.controller';
import { ReturnPetitionController } from './return-petition/return-petition.controller';
import { ReviewPetitionController } from './review-petition/review-petition.controller';
import { ModeratePublicationController } from './moderate-publication/moderate-publication.controller';
import { ReplyInterimController } from './reply-interim/reply-interim.controller';
import { RequestInformationController } from './request-information/request-information.controller';
import { SupplyInformationController } from './supply-information/supply-information.controller';
import { WithdrawPetitionController } from './withdraw-petition/withdraw-petition.controller';
import { CitizenCredentials } from './shared/citizen-credentials';
import { registerPetitionErrorMappers } from './shared/domain-errors';
import { PetitionCommandsModule } from '@wenzheng/command-runner';
import { ErrorMappers, ErrorMappersModule } from '../http/error-mappers';
import { PetitionCommandHandler } from './shared/petition-command.handler';
import { PetitionRefPipe, PetitionRefResolver } from './shared/petition-ref';
import { PetitionStorageModule } from '@wenzheng/command-runner';
import { SubmitPetitionController } from './submit-petition/submit-petition.controller';
import { ProvideAssistanceController } from './provide-assistance/provide-assistance.controller';
import { PassDownPetitionController } from './pass-down-petition/pass-down-petition.controller';
import { AnswerUpController } from './answer-up/answer-up.controller';
import { AssignHandlerController } from './assign-handler/assign-handler.controller';

/**
 * Where each of the decider's commands comes from: a slice's route, or the deadline watcher alone.
 * A command added to libs/petition does not compile here until it says which.
 */
const COMMAND_SOURCES = {
  SubmitPetition: SubmitPetitionController,
  ReviewPetition: ReviewPetitionController,
  DispatchPetition: DispatchPetitionController,
  AcknowledgePetition: AcknowledgePetitionController,
  ReturnPetition: ReturnPetitionController,
  RequestExtension: RequestExtensionController,
  DecideExtension: DecideExtensionController,
  RespondToPetition: RespondToPetitionController,
  RatePetition: RatePetitionController,
  ReopenPetition: ReopenPetitionController,
  EscalatePetition: EscalatePetitionController,
  CommentOnPetition: CommentOnPetitionController,
  MarkDeadlineMissed: 'deadline watcher',
  // A supervisor's decision on an unsatisfied rating; the deadline watcher sends it too (no rating in time).
  ClosePetition: ClosePetitionController,
  WithdrawPetition: WithdrawPetitionController,
  ReplyInterim: ReplyInterimController,
  RequestInformation: RequestInformationController,
  SupplyInformation: SupplyInformationController,
  LapseInformationRequest: 'deadline watcher',
  // A late review also lights it with the review itself (ReviewPetition).
  MarkReviewDeadlineMissed: 'deadline watcher',
  ModeratePublication: ModeratePublicationController,
  ProvideAssistance: ProvideAssistanceController,
  PassDownPetition: PassDownPetitionController,
  AnswerUp: AnswerUpController,
  AssignHandler: AssignHandlerController,
} as const satisfies Record<PetitionCommandType, Type | 'deadline watcher'>;

// In this order in the OpenAPI document (the web's typed client is generated from it).
const controllers: Type[] = [
  ...Object.values(COMMAND_SOURCES).filter((source): source is Exclude<typeof source, string> => typeof source !== 'string'),
  GetPetitionController,
  ReleaseReporterIdentityController,
  ListMyPetitionsController,
];
const queryHandlers: Provider[] = [GetPetitionHandler, ListMyPetitionsHandler];

@Module({
  imports: [CqrsModule.forRoot(), PetitionStorageModule, PetitionCommandsModule, ErrorMappersModule],
  controllers,
  providers: [
    ...queryHandlers,
    PetitionCommandHandler,
    PetitionRefResolver,
    PetitionRefPipe,
    PersonalDataAccessLog,
    {
      provide: CitizenCredentials,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => new CitizenCredentials(c.accessKeySecret ?? c.jwtSecret ?? ''),
    },
  ],
  exports: [PetitionCommandsModule, CitizenCredentials],
})
export class PetitionsModule implements OnModuleInit {
  constructor(private readonly errors: ErrorMappers) {}

  onModuleInit(): void {
    registerPetitionErrorMappers(this.errors);
  }
}
