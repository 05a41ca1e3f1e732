import type { INestApplicationContext } from '@nestjs/common';
import type { Pool } from 'pg';
import { Clock, FakeClock } from '@wenzheng/petition-store';
import { ProjectorService } from '@wenzheng/read-models';

/** An instant given as Asia/Shanghai wall-clock time: shanghai('2026-10-16T00:00:01'). */
export const shanghai = (local: string): Date => new Date(`${local}+08:00`);

/**
 * Puts an application's one Clock on `fake` (command handlers, the deadline watcher and the SMS
 * sender all read that instance), so a test moves time for all of them at once.
 */
export function installClock(app: INestApplicationContext, fake: FakeClock): FakeClock {
  const clock = app.get(Clock, { strict: false });
  clock.now = () => fake.now();
  return fake;
}

/** A FakeClock at `at`, installed in the application. */
export function useFakeClock(app: INestApplicationContext, at: Date | string): FakeClock {
  return installClock(app, new FakeClock(new Date(at)));
}

/**
 * Waits until every projection has processed every committed event. (TestApp.waitForProjections
 * takes the head from readAll, which hides an event while an older transaction, e.g. another
 * projection's batch, is still open; a watcher run right after could then miss it.)
 */
export async function waitForEveryEvent(app: INestApplicationContext, pool: Pool, timeoutMs = 15_000): Promise<void> {
  const { rows } = await pool.query<{ tx: string; gp: string }>(
    `select transaction_id::text as tx, global_position::text as gp from wz_es.events order by transaction_id desc, global_position desc limit 1`,
  );
  if (!rows.length) return;
  await app.get(ProjectorService).projector.waitFor({ commit: BigInt(rows[0].tx), prepare: BigInt(rows[0].gp) }, timeoutMs);
}
