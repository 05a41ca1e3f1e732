import { Query } from '@nestjs/cqrs';
import type { AccessLogPage } from '../shared/personal-data-access-log';
import type { ListAccessLogDto } from './list-access-log.dto';

export class ListAccessLogQuery extends Query<AccessLogPage> {
  constructor(readonly filter: ListAccessLogDto) {
    super();
  }
}
