import { Pool } from 'pg';
import { createCeilingApp } from './ceiling.module';

/**
 * The ceiling route in a process of its own (`apps/bench/src/ceiling/main.js` compiled), on
 * DATABASE_URL, PORT and HOST, with CEILING_POOL_SIZE connections (default 20: the pool libs/platform gives the API).
 */
async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.CEILING_POOL_SIZE ?? 20) });
  const app = await createCeilingApp(pool);
  await app.listen(Number(process.env.PORT ?? 3100), process.env.HOST ?? '127.0.0.1');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void app
      .close()
      .then(() => pool.end())
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
