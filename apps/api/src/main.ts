import path from 'node:path';
import { createRuntime, ensurePortFree, explainListenError, loadConfigOrExit } from '@wenzheng/platform';
import { developmentSecret } from '@wenzheng/platform';
import { createApp } from './create-app';
import { devTokensAllowed } from './dev-token/dev-token.policy';
import { readModelEntities, readModelMigrations } from '@wenzheng/read-models';

async function main(): Promise<void> {
  let config = loadConfigOrExit();
  const devTokens = devTokensAllowed(config);
  if (!config.jwtSecret || (!config.accessKeySecret && config.jwksUrl)) {
    const dev = developmentSecret();
    // With single sign-on the generated secret derives access keys only: were it also the HS256 token
    // secret, a token minted in development (or from the .data file) would pass as staff in production.
    const jwtSecret = config.jwtSecret ?? (config.jwksUrl ? undefined : dev.secret);
    config = { ...config, jwtSecret, accessKeySecret: config.accessKeySecret ?? dev.secret };
    console.warn(
      jwtSecret
        ? `[wenzheng] DEVELOPMENT SETTING: no AUTH_JWT_SECRET, so tokens are signed with a generated secret kept in ${dev.file}` +
            `${dev.created ? ' (new)' : ''}. Set AUTH_JWT_SECRET (or AUTH_JWKS_URL) in production.\n` +
            `[wenzheng] mint a token: npm run token -- reviewer | supervisor | admin | auditor | citizen | handler --department zfj`
        : `[wenzheng] DEVELOPMENT SETTING: no ACCESS_KEY_SECRET, so citizens' access keys derive from a generated secret kept in ` +
            `${dev.file}${dev.created ? ' (new)' : ''}. Set ACCESS_KEY_SECRET in production.`,
    );
  }
  await ensurePortFree(config.port, config.host, 'PORT');
  const runtime = await createRuntime(config, {
    entities: readModelEntities,
    migrations: readModelMigrations,
    log: (m) => console.log(`[wenzheng] ${m}`),
    ownEmbedded: true, // a second API on the same data folder would also collide on PORT: refused, with the remedy
  });
  const app = await createApp(runtime, {
    // Beside the compiled apps (dist/web; a bench's own build has its copy: scripts/run.js --own-build).
    webRoot: path.resolve(__dirname, '..', '..', '..', 'web'),
    devTokenSecret: devTokens ? config.jwtSecret : undefined,
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[wenzheng] ${signal}: stopping`);
    await app.close().catch(() => undefined);
    await runtime.close();
    process.exit(0);
  };
  // `on`, not `once`: Nest's shutdown hook re-raises the signal after closing the app, which with no
  // listener left would kill the process before PostgreSQL is stopped.
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await app.listen(config.port, config.host).catch(async (e: unknown) => {
    await app.close().catch(() => undefined);
    await runtime.close(); // the embedded PostgreSQL must not outlive a start that failed
    throw explainListenError(e, config.port, 'PORT');
  });
  const url = `http://localhost:${config.port}`;
  console.log(
    `[wenzheng] database: ${runtime.databaseSource === 'embedded' ? 'embedded PostgreSQL' : 'DATABASE_URL'}; events: ${runtime.eventStore.engine}`,
  );
  console.log(`[wenzheng] API listening on ${url}  (health: ${url}/health, docs: ${url}/api/docs)`);
}

main().catch((e: unknown) => {
  console.error(`[wenzheng] failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
