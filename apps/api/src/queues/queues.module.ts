import { Module } from '@nestjs/common';
import { PetitionsModule } from '../petitions/petitions.module';
import { CallbackQueueController } from './callback-queue/callback-queue.controller';
import { CallbackQueueHandler } from './callback-queue/callback-queue.handler';
import { DepartmentQueueController } from './department-queue/department-queue.controller';
import { DepartmentQueueHandler } from './department-queue/department-queue.handler';
import { ReviewQueueController } from './review-queue/review-queue.controller';
import { ReviewQueueHandler } from './review-queue/review-queue.handler';

/** Work queues of reviewers and departments over the `cases` read model. */
@Module({
  imports: [PetitionsModule], // the Clock
  controllers: [ReviewQueueController, DepartmentQueueController, CallbackQueueController],
  providers: [ReviewQueueHandler, DepartmentQueueHandler, CallbackQueueHandler],
})
export class QueuesModule {}
