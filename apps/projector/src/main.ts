import { NestFactory } from '@nestjs/core';
import { createRuntime, ensurePortFree, explainListenError, loadConfigOrExit } from '@wenzheng/platform';
import { readModelEntities, readModelMigrations } from '@wenzheng/read-models';
import { ProjectorAppModule } from './projector-app.module';

/**
 * `npm run start:projector`: the projections in their own process (set PROJECTOR_ENABLED=false on
 * the API processes). Listens on PROJECTOR_PORT (default 3001) for /health and /metrics only.
 */
async function main(): Promise<void> {
  const config = { ...loadConfigOrExit(), projectorEnabled: true };
  const port = Number(process.env.PROJECTOR_PORT ?? 3001);
  await ensurePortFree(port, config.host, 'PROJECTOR_PORT');
  const runtime = await createRuntime(config, {
    entities: readModelEntities,
    migrations: readModelMigrations,
    log: (m) => console.log(`[projector] ${m}`),
  });
  const app = await NestFactory.create(ProjectorAppModule.forRuntime(runtime), { logger: ['fatal', 'error', 'warn', 'log'] });
  app.enableShutdownHooks();
  // `on`, not `once`: Nest's shutdown hook re-sends the signal, which must not kill the process
  // before PostgreSQL has stopped; the flag makes the second delivery a no-op.
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close().catch(() => undefined);
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await app.listen(port, config.host).catch(async (e: unknown) => {
    await app.close().catch(() => undefined);
    await runtime.close();
    throw explainListenError(e, port, 'PROJECTOR_PORT');
  });
  console.log(`[projector] running projections; health and metrics on http://localhost:${port}/health, /metrics`);
}

main().catch((e: unknown) => {
  console.error(`[projector] failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
