import { Query } from '@nestjs/cqrs';
import type { RankingsView } from './get-rankings.dto';

export class GetRankingsQuery extends Query<RankingsView> {
  constructor(readonly period: string) {
    super();
  }
}
