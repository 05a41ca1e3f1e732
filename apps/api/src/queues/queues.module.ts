import { Module } from '@nestjs/common';
import { PetitionsModule } from '../petitions/petitions.module';
import { DepartmentQueueController } from './department-queue/department-queue.controller';
import { DepartmentQueueHandler } from './department-queue/department-queue.handler';
import { ReviewQueueController } from './review-queue/review-queue.controller';
import { ReviewQueueHandler } from './review-queue/review-queue.handler';

/** Work queues of reviewers and departments over the `cases` read model. */
@Module({
  imports: [PetitionsModule], // the Clock
  controllers: [ReviewQueueController, DepartmentQueueController],
  providers: [ReviewQueueHandler, DepartmentQueueHandler],
})
export class QueuesModule {}
