import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { toLocalIso } from '@wenzheng/calendar';
import { positionToString } from '@wenzheng/event-store';
import { monthPeriod } from '@wenzheng/scoring';
import { Clock } from '@wenzheng/petition-store';
import { DepartmentPerformanceQuery } from '@wenzheng/read-models';
import { GetRankingsQuery } from './get-rankings.query';
import { RankingsView } from './get-rankings.dto';

/** A public page is read far more often than the facts change; a ranking is reused while the projection has not moved. */
export const RANKINGS_CACHE_MS = 30_000;
const MAX_CACHED_PERIODS = 64;

const round4 = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);

@QueryHandler(GetRankingsQuery)
export class GetRankingsHandler implements IQueryHandler<GetRankingsQuery, RankingsView> {
  private readonly cache = new Map<string, { key: string; computedAt: number; view: RankingsView }>();

  constructor(
    private readonly performance: DepartmentPerformanceQuery,
    private readonly clock: Clock,
  ) {}

  async execute({ period }: GetRankingsQuery): Promise<RankingsView> {
    const now = this.clock.now();
    const position = await this.performance.position();
    const key = position ? positionToString(position) : 'start';
    const cached = this.cache.get(period);
    if (cached && cached.key === key && now.getTime() - cached.computedAt >= 0 && now.getTime() - cached.computedAt < RANKINGS_CACHE_MS)
      return cached.view;

    const { from, to } = monthPeriod(period);
    const assessment = await this.performance.assess({ from, to, now, includeConfidential: false });
    const view: RankingsView = {
      period,
      from: toLocalIso(from),
      to: toLocalIso(to),
      asOf: now.toISOString(),
      items: assessment.departments.map((d) => ({
        rank: d.rank,
        departmentId: d.departmentId,
        name: d.name,
        received: d.received,
        respondedOnTimeRate: round4(d.respondedOnTimeRate),
        satisfactionRate: round4(d.satisfactionRate),
        score: d.score,
      })),
      unassessed: this.performance.unassessed(assessment.departments),
    };
    if (this.cache.size >= MAX_CACHED_PERIODS && !this.cache.has(period)) this.cache.clear();
    this.cache.set(period, { key, computedAt: now.getTime(), view });
    return view;
  }
}
