import { Query } from '@nestjs/cqrs';
import type { ReviewQueueDto, ReviewQueuePage } from './review-queue.dto';

export class ReviewQueueQuery extends Query<ReviewQueuePage> {
  constructor(readonly page: ReviewQueueDto) {
    super();
  }
}
