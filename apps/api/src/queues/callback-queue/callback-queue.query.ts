import { Query } from '@nestjs/cqrs';
import type { CallbackQueueDto, CallbackQueuePage } from './callback-queue.dto';

export class CallbackQueueQuery extends Query<CallbackQueuePage> {
  constructor(readonly page: CallbackQueueDto) {
    super();
  }
}
