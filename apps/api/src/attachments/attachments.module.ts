import { Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { PersonalDataAccessLog } from '../audit/shared/personal-data-access-log';
import { PetitionCommandsModule } from '@wenzheng/command-runner';
import { AttachmentStore } from './attachment-store';
import { AttachmentsController } from './attachments.controller';
import { MultipartCommandMiddleware, RefuseMultipartMiddleware } from './multipart-command.middleware';

/** The routes that take attachments: submit, comment, answer (they accept JSON as before, or multipart). */
const WITH_ATTACHMENTS = [
  { path: 'petitions', method: RequestMethod.POST },
  { path: 'petitions/:ref/comments', method: RequestMethod.POST },
  { path: 'petitions/:id/respond', method: RequestMethod.POST },
];

/** Global: the store is injected by the petition slices that take files and by erasure. */
@Global()
@Module({
  imports: [PetitionCommandsModule],
  controllers: [AttachmentsController],
  providers: [AttachmentStore, PersonalDataAccessLog],
  exports: [AttachmentStore],
})
export class AttachmentsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(MultipartCommandMiddleware).forRoutes(...WITH_ATTACHMENTS);
    consumer
      .apply(RefuseMultipartMiddleware)
      // Open311 answers in GeoReport's own error shape and reads forms as well as JSON.
      .exclude(...WITH_ATTACHMENTS, { path: 'open311/v2/{*path}', method: RequestMethod.ALL })
      .forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
