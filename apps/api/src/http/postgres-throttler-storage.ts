import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Pool } from 'pg';
import { prepared } from '@wenzheng/event-store';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const SWEEP_MS = 60_000;

/**
 * A fixed window per key, counted in PostgreSQL by one atomic upsert, so every API process on the
 * database sees the same count. The hit that crosses the limit stretches the window to at least
 * `blockDuration`; later hits inside it are refused (and counted) until it ends.
 */
const INCREMENT = prepared(`
  insert into wz_http.rate_limit_counters as c (key, hits, window_ends_at)
  values ($1, 1, clock_timestamp() + make_interval(secs => $2 / 1000.0))
  on conflict (key) do update set
    hits = case when c.window_ends_at <= clock_timestamp() then 1 else c.hits + 1 end,
    window_ends_at = case
      when c.window_ends_at <= clock_timestamp() then excluded.window_ends_at
      when c.hits = $3 then greatest(c.window_ends_at, clock_timestamp() + make_interval(secs => $4 / 1000.0))
      else c.window_ends_at end
  returning hits, ceil(extract(epoch from window_ends_at - clock_timestamp()))::int as seconds_left`);

export class PostgresThrottlerStorage implements ThrottlerStorage {
  private nextSweep = Date.now() + SWEEP_MS;

  constructor(private readonly pool: Pool) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    if (Date.now() >= this.nextSweep) {
      this.nextSweep = Date.now() + SWEEP_MS;
      void this.deleteExpired();
    }
    const { rows } = await INCREMENT.run<{ hits: number; seconds_left: number }>(this.pool, [
      `${throttlerName}:${key}`,
      ttl,
      limit,
      blockDuration,
    ]);
    const { hits, seconds_left: secondsLeft } = rows[0];
    const isBlocked = hits > limit;
    const timeToExpire = Math.max(secondsLeft, 1);
    return { totalHits: hits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
  }

  /** Keys seen once (one address, one minute) would otherwise pile up; any process may sweep. */
  async deleteExpired(): Promise<void> {
    await this.pool
      .query(`delete from wz_http.rate_limit_counters where window_ends_at < clock_timestamp() - interval '1 minute'`)
      .catch(() => undefined);
  }
}
