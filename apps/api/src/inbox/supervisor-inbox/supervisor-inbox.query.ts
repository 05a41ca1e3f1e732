import { Query } from '@nestjs/cqrs';
import type { SupervisorInboxDto, SupervisorInboxPage } from './supervisor-inbox.dto';

export class SupervisorInboxQuery extends Query<SupervisorInboxPage> {
  constructor(readonly page: SupervisorInboxDto) {
    super();
  }
}
