import { bool, cleanEnv, makeValidator, num, port, str, url } from 'envalid';

/** A bad setting: the message names the variable and the rule, so `npm start` can print it without a stack. */
export class ConfigError extends Error {
  constructor(readonly problems: Record<string, string>) {
    super(
      'Invalid configuration:\n' +
        Object.entries(problems)
          .map(([k, v]) => `  ${k}: ${v}`)
          .join('\n'),
    );
    this.name = 'ConfigError';
  }
}

const postgresUrl = makeValidator<string>((v) => {
  if (!/^postgres(ql)?:\/\/[^\s]+$/.test(v)) throw new Error('must be a postgres:// or postgresql:// URL');
  return v;
});
const esdbUrl = makeValidator<string>((v) => {
  if (!/^esdb(\+discover)?:\/\/[^\s]+$/.test(v)) throw new Error('must be an esdb:// or esdb+discover:// connection string');
  return v;
});
const secret = makeValidator<string>((v) => {
  if (v.length < 32) throw new Error('must be at least 32 characters (HS256 key)');
  return v;
});
const byteSize = makeValidator<string>((v) => {
  if (!/^\d+(b|kb|mb)?$/i.test(v)) throw new Error('must be a size like 100kb or 1mb');
  return v.toLowerCase();
});

const spec = {
  PORT: port({ default: 3000, desc: 'HTTP port of the API' }),
  HOST: str({ default: '0.0.0.0', desc: 'interface the API listens on' }),
  DATABASE_URL: postgresUrl({ default: undefined, desc: 'existing PostgreSQL for events and read models; unset = embedded PostgreSQL' }),
  EVENTSTORE_CONNECTION_STRING: esdbUrl({ default: undefined, desc: 'EventStoreDB for events; unset = PostgreSQL engine' }),
  EVENTSTORE_TIMEOUT_MS: num({ default: 5000, desc: 'timeout of every EventStoreDB call' }),
  EMBEDDED_PG_PORT: port({ default: 54329, desc: 'port of the embedded PostgreSQL' }),
  EMBEDDED_PG_DATA_DIR: str({ default: '.data/postgres', desc: 'data folder of the embedded PostgreSQL' }),
  AUTH_JWT_SECRET: secret({ default: undefined, desc: 'HS256 secret for bearer tokens; unset = a development secret is generated' }),
  ACCESS_KEY_SECRET: secret({ default: undefined, desc: 'derives citizens\' access keys; default: AUTH_JWT_SECRET' }),
  AUTH_JWKS_URL: url({ default: undefined, desc: 'OIDC issuer JWKS (RS256)' }),
  AUTH_JWT_ISSUER: str({ default: undefined, desc: 'expected iss claim' }),
  AUTH_JWT_AUDIENCE: str({ default: undefined, desc: 'expected aud claim' }),
  LOG_LEVEL: str({ choices: ['error', 'warn', 'log', 'debug', 'verbose'], default: 'log' }),
  PROJECTOR_ENABLED: bool({ default: true, desc: 'run projections inside the API process' }),
  PROJECTION_LAG_READY_SECONDS: num({ default: 60, desc: 'a projection further behind than this makes /health not ready' }),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: num({ default: 20, desc: 'anonymous submissions (and, separately, comments) per client address per minute' }),
  BODY_LIMIT: byteSize({ default: '100kb', desc: 'largest accepted request body' }),
  CORS_ORIGINS: str({ default: '', desc: 'comma-separated allowed origins; empty = CORS off' }),
};

export type AppConfig = {
  port: number;
  host: string;
  databaseUrl?: string;
  eventStoreConnectionString?: string;
  eventStoreTimeoutMs: number;
  embeddedPgPort: number;
  embeddedPgDataDir: string;
  jwtSecret?: string;
  accessKeySecret?: string;
  jwksUrl?: string;
  jwtIssuer?: string;
  jwtAudience?: string;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  projectorEnabled: boolean;
  projectionLagReadySeconds: number;
  bodyLimit: string;
  anonymousRateLimitPerMinute: number;
  corsOrigins: string[];
};

export const CONFIG_DESCRIPTION = Object.entries(spec).map(([name, v]) => ({
  name,
  default: (v as { default?: unknown }).default,
  desc: (v as { desc?: string }).desc ?? '',
}));

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings mean "not set": a blank line in a .env file must not become a value.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const problems: Record<string, string> = {};
  const e = cleanEnv(cleaned, spec, {
    reporter: ({ errors }) => {
      for (const [k, err] of Object.entries(errors)) problems[k] = (err as Error).message;
    },
  });
  if (Object.keys(problems).length) throw new ConfigError(problems);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    eventStoreConnectionString: e.EVENTSTORE_CONNECTION_STRING,
    eventStoreTimeoutMs: e.EVENTSTORE_TIMEOUT_MS,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    embeddedPgDataDir: e.EMBEDDED_PG_DATA_DIR,
    jwtSecret: e.AUTH_JWT_SECRET,
    accessKeySecret: e.ACCESS_KEY_SECRET,
    jwksUrl: e.AUTH_JWKS_URL,
    jwtIssuer: e.AUTH_JWT_ISSUER,
    jwtAudience: e.AUTH_JWT_AUDIENCE,
    logLevel: e.LOG_LEVEL as AppConfig['logLevel'],
    projectorEnabled: e.PROJECTOR_ENABLED,
    projectionLagReadySeconds: e.PROJECTION_LAG_READY_SECONDS,
    bodyLimit: e.BODY_LIMIT,
    anonymousRateLimitPerMinute: e.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
    corsOrigins: e.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
  };
}
