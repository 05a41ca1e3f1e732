import { Module, OnModuleInit } from '@nestjs/common';
import { isInterviewDomainError } from '@wenzheng/interview';
import { ErrorMappers, ErrorMappersModule } from '../http/error-mappers';
import { participationErrorAnswer } from '../consultations/shared/consultation-request';
import { PetitionsModule } from '../petitions/petitions.module';
import { InterviewForwarder } from './forward/interview-forwarder';
import { InterviewsController } from './interviews.controller';
import { InterviewLiveFeed } from './live/interview-live-feed';
import { InterviewReader } from './read-interviews/interview-reader';
import { InterviewCommandRunner } from './shared/interview-command-runner';

/**
 * Online interviews (在线访谈): one `interview-<id>` stream each, decided by libs/interview; the
 * public page's live feed (server-sent events) and the forwarding of unanswered questions as
 * petitions. Its read model runs in the projector (projection-list.ts).
 */
@Module({
  imports: [PetitionsModule, ErrorMappersModule], // the Clock, the petition runner and credentials
  controllers: [InterviewsController],
  providers: [InterviewCommandRunner, InterviewReader, InterviewLiveFeed, InterviewForwarder],
})
export class InterviewsModule implements OnModuleInit {
  constructor(private readonly errors: ErrorMappers) {}

  onModuleInit(): void {
    this.errors.register(participationErrorAnswer(isInterviewDomainError));
  }
}
