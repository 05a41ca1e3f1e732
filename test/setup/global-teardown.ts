import type { RunningPostgres } from '../../libs/platform/src/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as Record<string, unknown>).__WZ_PG__ as RunningPostgres | undefined;
  await pg?.stop();
}
