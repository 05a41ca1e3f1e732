import type { RunningPostgres } from '../../libs/platform/src/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const servers = (globalThis as Record<string, unknown>).__WZ_PG__ as RunningPostgres[] | undefined;
  await Promise.all((servers ?? []).map((pg) => pg.stop()));
}
