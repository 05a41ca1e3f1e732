import { Query } from '@nestjs/cqrs';
import type { GetStatisticsDto, StatisticsView } from './get-statistics.dto';

export class GetStatisticsQuery extends Query<StatisticsView> {
  constructor(readonly request: GetStatisticsDto) {
    super();
  }
}
