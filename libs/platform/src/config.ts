import { isIP } from 'node:net';
import * as path from 'node:path';
import { bool, cleanEnv, makeValidator, num, port, str, url } from 'envalid';
import { DEFAULT_WEIGHTS, ScoringWeights, parseWeights } from '@wenzheng/scoring';
import { BlobStoreSettings, DEFAULT_ATTACHMENT_MAX_BYTES, DEFAULT_ATTACHMENT_MAX_COUNT, isValidKey } from '@wenzheng/blob-store';
import { parseSharedBuffers } from './postgres-memory';

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
const sharedBuffers = makeValidator<string>((v) => (v.trim().toLowerCase() === 'auto' ? 'auto' : parseSharedBuffers(v)));
const byteSize = makeValidator<string>((v) => {
  if (!/^\d+(b|kb|mb)?$/i.test(v)) throw new Error('must be a size like 100kb or 1mb');
  return v.toLowerCase();
});

// Deadlines and notifications (appended).
const intervalMs = makeValidator<number>((v) => {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw new Error('must be a whole number of milliseconds (0 = off)');
  return n;
});
const positiveInt = makeValidator<number>((v) => {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1) throw new Error('must be a whole number of at least 1');
  return n;
});
/** {"<department code or id>": "<duty mobile>"}; the numbers are never echoed in an error. */
const phoneBook = makeValidator<Record<string, string>>((v) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    throw new Error('must be a JSON object {"<department code or id>": "<phone>"}');
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    !Object.values(parsed).every((x) => typeof x === 'string' && x.trim() !== '')
  ) {
    throw new Error('must be a JSON object {"<department code or id>": "<phone>"} with non-empty string values');
  }
  return parsed as Record<string, string>;
});

// Assessment (appended).
const WEIGHTS_EXAMPLE = '{"missedAcknowledgement":0.5,"missedResponse":1,"automaticEscalation":3,"unsatisfiedRating":0.5}';
const scoringWeights = makeValidator<ScoringWeights>((v) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    throw new Error(`must be a JSON object such as ${WEIGHTS_EXAMPLE}`);
  }
  if (parsed === null) throw new Error(`must be a JSON object such as ${WEIGHTS_EXAMPLE}`);
  try {
    return parseWeights(parsed);
  } catch (e) {
    throw new Error(e instanceof Error ? e.message : String(e));
  }
});

// HTTP hardening (appended).
export type TrustProxy = false | number | string[];
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
/** Which proxies may set X-Forwarded-For: none (default), a hop count, or named addresses/CIDRs; never "everyone". */
const trustProxy = makeValidator<TrustProxy>((v) => {
  if (v === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  const items = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = items.filter((s) => !PROXY_NAMES.includes(s) && !isAddressOrCidr(s));
  if (!items.length || bad.length) {
    throw new Error(
      `must name the proxies: loopback, linklocal, uniquelocal, addresses or CIDRs (comma-separated), or a hop count; not ${bad.join(', ') || v}`,
    );
  }
  return items;
});
function isAddressOrCidr(s: string): boolean {
  const [address, prefix, ...rest] = s.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}
const bearerSecret = makeValidator<string>((v) => {
  if (v.length < 16 || /\s/.test(v)) throw new Error('must be at least 16 characters without spaces');
  return v;
});

// Attachments (appended).
const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 * 1024 };
/** A number of bytes, or with a unit: 500kb, 10mb. */
const byteCount = makeValidator<number>((v) => {
  const m = /^(\d+)(b|kb|mb)?$/i.exec(v);
  const n = m ? Number(m[1]) * UNITS[(m[2] ?? '').toLowerCase()] : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new Error('must be a size like 10485760, 500kb or 10mb');
  return n;
});
const keyPrefix = makeValidator<string>((v) => {
  if (!isValidKey(v.slice(0, -1)) || !v.endsWith('/')) throw new Error('must be folder names ending in "/", such as wenzheng/');
  return v;
});

// Open311 (appended).
/** A client allowed to POST to /open311/v2: its name (the submitter `open311:<name>`) and its key's SHA-256. */
export interface Open311ApiKey {
  readonly name: string;
  readonly sha256: string;
}
/** `name:sha256hex` pairs separated by commas; only hashes are configured, so no key is in the environment. */
const open311ApiKeys = makeValidator<readonly Open311ApiKey[]>((v) => {
  const entries = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return entries.map((entry, i) => {
    const m = /^([A-Za-z0-9_.-]+):([0-9a-fA-F]{64})$/.exec(entry);
    if (!m) throw new Error(`entry ${i + 1} must be name:sha256hex (a name of letters, digits, _ . -, and 64 hex digits)`);
    if (entries.slice(0, i).some((e) => e.split(':')[0] === m[1])) throw new Error(`entry ${i + 1}: the name ${m[1]} is given twice`);
    return { name: m[1], sha256: m[2].toLowerCase() };
  });
});

// The public site in SMS (appended).
const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
export const MAX_SITE_URL_LENGTH = 40;
/** The public site's address as its origin (https://wz.example.gov.cn): the SPA routes from its host's root, so no path. */
const siteUrl = makeValidator<string>((v) => {
  let u: URL;
  try {
    u = new URL(v.trim());
  } catch {
    throw new Error("must be the public site's address, like https://wz.example.gov.cn");
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOCAL_HOSTS.includes(u.hostname))) {
    throw new Error('must be an https:// address (http:// only for localhost)');
  }
  if (u.username || u.password || u.pathname !== '/' || u.search || u.hash || /[?#]$/.test(v.trim())) {
    throw new Error(
      'must be the address alone, like https://wz.example.gov.cn: no path, query, fragment or user (the site is served from its root)',
    );
  }
  // Each character is one of every citizen SMS that names the site (67 to a segment): 40 keeps the longest at three.
  if (u.origin.length > MAX_SITE_URL_LENGTH)
    throw new Error(`must be at most ${MAX_SITE_URL_LENGTH} characters (it is in the citizen's SMS texts)`);
  return u.origin;
});

const spec = {
  PORT: port({ default: 3000, desc: 'HTTP port of the API' }),
  HOST: str({ default: '0.0.0.0', desc: 'interface the API listens on' }),
  DATABASE_URL: postgresUrl({ default: undefined, desc: 'existing PostgreSQL for events and read models; unset = embedded PostgreSQL' }),
  EVENTSTORE_CONNECTION_STRING: esdbUrl({ default: undefined, desc: 'EventStoreDB for events; unset = PostgreSQL engine' }),
  EVENTSTORE_TIMEOUT_MS: num({ default: 5000, desc: 'timeout of every EventStoreDB call' }),
  EMBEDDED_PG_PORT: port({ default: 54329, desc: 'port of the embedded PostgreSQL' }),
  EMBEDDED_PG_DATA_DIR: str({ default: '.data/postgres', desc: 'data folder of the embedded PostgreSQL' }),
  EMBEDDED_PG_SHARED_BUFFERS: sharedBuffers({
    default: 'auto',
    desc: "the embedded PostgreSQL's page cache (shared_buffers): auto = a quarter of the memory, 128MB to 8GB; or a size like 2GB",
  }),
  AUTH_JWT_SECRET: secret({ default: undefined, desc: 'HS256 secret for bearer tokens; unset = a development secret is generated' }),
  ACCESS_KEY_SECRET: secret({ default: undefined, desc: "derives citizens' access keys; default: AUTH_JWT_SECRET" }),
  AUTH_JWKS_URL: url({ default: undefined, desc: 'OIDC issuer JWKS (RS256)' }),
  AUTH_JWT_ISSUER: str({ default: undefined, desc: 'expected iss claim' }),
  AUTH_JWT_AUDIENCE: str({ default: undefined, desc: 'expected aud claim' }),
  AUTH_OIDC_ISSUER: url({
    default: undefined,
    desc: "the console's single sign-on issuer (authorization code + PKCE); needs AUTH_JWKS_URL",
  }),
  AUTH_OIDC_CLIENT_ID: str({ default: undefined, desc: "the console's public client id at AUTH_OIDC_ISSUER" }),
  AUTH_OIDC_SCOPE: str({ default: 'openid profile', desc: 'scopes the console asks the issuer for' }),
  LOG_LEVEL: str({ choices: ['error', 'warn', 'log', 'debug', 'verbose'], default: 'log' }),
  PROJECTOR_ENABLED: bool({ default: true, desc: 'run projections inside the API process' }),
  DATABASE_PREPARED_STATEMENTS: bool({
    default: true,
    desc: "prepare a command's hot statements once per connection; false behind a pooler that drops them (PgBouncer in transaction mode before 1.21)",
  }),
  PROJECTION_LAG_READY_SECONDS: num({ default: 60, desc: 'a projection further behind than this makes /health not ready' }),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: num({
    default: 20,
    desc: 'anonymous submissions (and, separately, comments) per client address per minute',
  }),
  OPEN311_RATE_LIMIT_PER_MINUTE: num({
    default: 600,
    desc: 'reports an Open311 client sends with its api_key per minute (per client, whatever its addresses)',
  }),
  BODY_LIMIT: byteSize({ default: '100kb', desc: 'largest accepted request body' }),
  CORS_ORIGINS: str({ default: '', desc: 'comma-separated allowed origins; empty = CORS off' }),
  DEADLINE_WATCHER_INTERVAL_MS: intervalMs({
    default: 60_000,
    desc: 'how often the deadline watcher looks for passed deadlines (亮红灯, 督办, closing unrated cases); 0 = off in this process',
  }),
  NOTIFY_SENDER_INTERVAL_MS: intervalMs({
    default: 10_000,
    desc: 'how often the SMS sender delivers due notifications; 0 = off in this process',
  }),
  NOTIFY_MAX_ATTEMPTS: positiveInt({ default: 8, desc: 'attempts per SMS before it is marked failed' }),
  NOTIFY_RETRY_BASE_MS: intervalMs({ default: 30_000, desc: 'first retry delay of a failed SMS; doubled per attempt, at most one hour' }),
  NOTIFY_MAX_AGE_HOURS: positiveInt({
    default: 72,
    desc: 'notifications of events older than this are not sent (e.g. after replaying history)',
  }),
  SMS_GATEWAY: str({
    choices: ['log', 'http'],
    default: 'log',
    desc: 'log = write SMS to the log with the number masked; http = SMS_HTTP_URL',
  }),
  SMS_HTTP_URL: url({ default: undefined, desc: 'the HTTP SMS provider (SMS_GATEWAY=http)' }),
  SMS_HTTP_AUTH_HEADER: str({ default: undefined, desc: 'auth header for the SMS provider: "Name: value", or a value for Authorization' }),
  SMS_HTTP_BODY_TEMPLATE: str({ default: undefined, desc: 'JSON body with {to} {text} {template} {key} placeholders' }),
  SMS_HTTP_TIMEOUT_MS: positiveInt({ default: 10_000, desc: 'timeout of one call to the SMS provider' }),
  SMS_SUPERVISOR_PHONE: str({ default: undefined, desc: 'duty mobile of the supervision office (督查室) for escalations' }),
  SMS_REVIEWER_PHONE: str({
    default: undefined,
    desc: "duty mobile of the hotline office's reviewers (值班员) for new cases and returns (退单)",
  }),
  SMS_DEPARTMENT_PHONES: phoneBook({ default: {}, desc: 'JSON {"<department code or id>": "<duty mobile>"} for department notifications' }),
  PUBLIC_SITE_URL: siteUrl({
    default: undefined,
    desc: "the public site's address (https://…); named in the citizen's SMS texts with its 我的留言 page; unset = not named",
  }),
  TRUST_PROXY: trustProxy({
    default: false,
    desc: 'proxies whose X-Forwarded-For names the client (rate limits): loopback, linklocal, uniquelocal, addresses/CIDRs, or a hop count; default: trust none',
  }),
  METRICS_TOKEN: bearerSecret({ default: undefined, desc: 'when set, /metrics requires "Authorization: Bearer <token>"' }),
  HTTP_REQUEST_TIMEOUT_MS: positiveInt({
    default: 30_000,
    desc: 'a request whose headers and body have not fully arrived after this long is answered 408 and closed',
  }),
  BLOB_STORE: str({
    choices: ['fs', 's3'],
    default: 'fs',
    desc: 'where attachments are stored: fs = files under BLOB_FS_ROOT; s3 = an S3-compatible bucket (BLOB_S3_*)',
  }),
  BLOB_FS_ROOT: str({
    default: undefined,
    desc: 'folder of the attachments (BLOB_STORE=fs); default: blobs beside EMBEDDED_PG_DATA_DIR (.data/blobs)',
  }),
  BLOB_S3_ENDPOINT: url({ default: undefined, desc: 'S3-compatible endpoint (MinIO, a cloud vendor); unset = AWS S3' }),
  BLOB_S3_BUCKET: str({ default: undefined, desc: 'bucket of the attachments (required with BLOB_STORE=s3); it must exist' }),
  BLOB_S3_REGION: str({ default: 'us-east-1', desc: 'region of the bucket' }),
  BLOB_S3_ACCESS_KEY_ID: str({
    default: undefined,
    desc: "access key; unset = the SDK's default credentials (environment, instance role)",
  }),
  BLOB_S3_SECRET_ACCESS_KEY: str({ default: undefined, desc: 'secret key, with BLOB_S3_ACCESS_KEY_ID' }),
  BLOB_S3_PREFIX: keyPrefix({ default: undefined, desc: 'folder inside the bucket, e.g. wenzheng/ (to share a bucket)' }),
  ATTACHMENT_MAX_BYTES: byteCount({ default: DEFAULT_ATTACHMENT_MAX_BYTES, desc: 'largest attachment (413 beyond), bytes or 500kb/10mb' }),
  ATTACHMENT_MAX_COUNT: positiveInt({
    default: DEFAULT_ATTACHMENT_MAX_COUNT,
    desc: 'most attachments on one submission, comment or answer (413 beyond)',
  }),
  OPEN311_API_KEYS: open311ApiKeys({
    default: [],
    desc: 'clients allowed to POST to /open311/v2: name:sha256hex of each api_key, comma-separated; unset = none (reading is open)',
  }),
  SCORING_WEIGHTS: scoringWeights({
    default: DEFAULT_WEIGHTS,
    desc: `points deducted per item of the assessment score (docs/scoring.md), JSON like ${WEIGHTS_EXAMPLE}; missing keys keep these defaults`,
  }),
};

export type AppConfig = {
  port: number;
  host: string;
  databaseUrl?: string;
  eventStoreConnectionString?: string;
  eventStoreTimeoutMs: number;
  embeddedPgPort: number;
  embeddedPgDataDir: string;
  /** 'auto' or a shared_buffers value in PostgreSQL's spelling. */
  embeddedPgSharedBuffers: string;
  jwtSecret?: string;
  accessKeySecret?: string;
  jwksUrl?: string;
  jwtIssuer?: string;
  jwtAudience?: string;
  /** The console's single sign-on (authorization code + PKCE); unset = no OIDC sign-in. */
  oidc?: { issuer: string; clientId: string; scope: string };
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  projectorEnabled: boolean;
  /** A command's hot statements prepared once per connection (libs/event-store/src/postgres/prepared.ts). */
  databasePreparedStatements: boolean;
  projectionLagReadySeconds: number;
  bodyLimit: string;
  anonymousRateLimitPerMinute: number;
  open311RateLimitPerMinute: number;
  corsOrigins: string[];
  deadlineWatcherIntervalMs: number;
  notifySenderIntervalMs: number;
  notifyMaxAttempts: number;
  notifyRetryBaseMs: number;
  notifyMaxAgeHours: number;
  smsGateway: 'log' | 'http';
  smsHttpUrl?: string;
  smsHttpAuthHeader?: string;
  smsHttpBodyTemplate?: string;
  smsHttpTimeoutMs: number;
  smsSupervisorPhone?: string;
  smsReviewerPhone?: string;
  smsDepartmentPhones: Record<string, string>;
  /** The public site's origin, named in a key holder's SMS texts; unset = not named. */
  publicSiteUrl?: string;
  scoringWeights: ScoringWeights;
  trustProxy: TrustProxy;
  metricsToken?: string;
  httpRequestTimeoutMs: number;
  blobStore: BlobStoreSettings;
  attachmentMaxBytes: number;
  attachmentMaxCount: number;
  open311ApiKeys: readonly Open311ApiKey[];
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
  if (e.SMS_GATEWAY === 'http' && !e.SMS_HTTP_URL) problems.SMS_HTTP_URL = 'is required when SMS_GATEWAY=http';
  // envalid throws on reading a variable it refused, so the rules across variables wait for valid ones.
  if (!Object.keys(problems).length) {
    if (e.BLOB_STORE === 's3' && !e.BLOB_S3_BUCKET) problems.BLOB_S3_BUCKET = 'is required when BLOB_STORE=s3';
    // The console signs in at the issuer, and the API must then verify what it hands out.
    if (e.AUTH_OIDC_ISSUER && !e.AUTH_OIDC_CLIENT_ID) problems.AUTH_OIDC_CLIENT_ID = 'is required when AUTH_OIDC_ISSUER is set';
    if (e.AUTH_OIDC_ISSUER && !e.AUTH_JWKS_URL) problems.AUTH_JWKS_URL = "is required when AUTH_OIDC_ISSUER is set (the issuer's keys)";
    if (!e.BLOB_S3_ACCESS_KEY_ID !== !e.BLOB_S3_SECRET_ACCESS_KEY)
      problems.BLOB_S3_SECRET_ACCESS_KEY = 'BLOB_S3_ACCESS_KEY_ID and BLOB_S3_SECRET_ACCESS_KEY go together';
  }
  if (Object.keys(problems).length) throw new ConfigError(problems);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    eventStoreConnectionString: e.EVENTSTORE_CONNECTION_STRING,
    eventStoreTimeoutMs: e.EVENTSTORE_TIMEOUT_MS,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    embeddedPgDataDir: e.EMBEDDED_PG_DATA_DIR,
    embeddedPgSharedBuffers: e.EMBEDDED_PG_SHARED_BUFFERS,
    jwtSecret: e.AUTH_JWT_SECRET,
    accessKeySecret: e.ACCESS_KEY_SECRET,
    jwksUrl: e.AUTH_JWKS_URL,
    jwtIssuer: e.AUTH_JWT_ISSUER,
    jwtAudience: e.AUTH_JWT_AUDIENCE,
    oidc: e.AUTH_OIDC_ISSUER
      ? { issuer: e.AUTH_OIDC_ISSUER, clientId: e.AUTH_OIDC_CLIENT_ID as string, scope: e.AUTH_OIDC_SCOPE }
      : undefined,
    logLevel: e.LOG_LEVEL as AppConfig['logLevel'],
    projectorEnabled: e.PROJECTOR_ENABLED,
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS,
    projectionLagReadySeconds: e.PROJECTION_LAG_READY_SECONDS,
    bodyLimit: e.BODY_LIMIT,
    anonymousRateLimitPerMinute: e.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
    open311RateLimitPerMinute: e.OPEN311_RATE_LIMIT_PER_MINUTE,
    corsOrigins: e.CORS_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    deadlineWatcherIntervalMs: e.DEADLINE_WATCHER_INTERVAL_MS,
    notifySenderIntervalMs: e.NOTIFY_SENDER_INTERVAL_MS,
    notifyMaxAttempts: e.NOTIFY_MAX_ATTEMPTS,
    notifyRetryBaseMs: e.NOTIFY_RETRY_BASE_MS,
    notifyMaxAgeHours: e.NOTIFY_MAX_AGE_HOURS,
    smsGateway: e.SMS_GATEWAY as AppConfig['smsGateway'],
    smsHttpUrl: e.SMS_HTTP_URL,
    smsHttpAuthHeader: e.SMS_HTTP_AUTH_HEADER,
    smsHttpBodyTemplate: e.SMS_HTTP_BODY_TEMPLATE,
    smsHttpTimeoutMs: e.SMS_HTTP_TIMEOUT_MS,
    smsSupervisorPhone: e.SMS_SUPERVISOR_PHONE,
    smsReviewerPhone: e.SMS_REVIEWER_PHONE,
    smsDepartmentPhones: e.SMS_DEPARTMENT_PHONES,
    publicSiteUrl: e.PUBLIC_SITE_URL,
    scoringWeights: e.SCORING_WEIGHTS,
    trustProxy: e.TRUST_PROXY,
    metricsToken: e.METRICS_TOKEN,
    httpRequestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
    blobStore: {
      engine: e.BLOB_STORE as BlobStoreSettings['engine'],
      fsRoot: e.BLOB_FS_ROOT ?? path.join(path.dirname(e.EMBEDDED_PG_DATA_DIR), 'blobs'),
      s3: e.BLOB_S3_BUCKET
        ? {
            endpoint: e.BLOB_S3_ENDPOINT,
            bucket: e.BLOB_S3_BUCKET,
            region: e.BLOB_S3_REGION,
            accessKeyId: e.BLOB_S3_ACCESS_KEY_ID,
            secretAccessKey: e.BLOB_S3_SECRET_ACCESS_KEY,
            keyPrefix: e.BLOB_S3_PREFIX,
          }
        : undefined,
    },
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
    attachmentMaxCount: e.ATTACHMENT_MAX_COUNT,
    open311ApiKeys: e.OPEN311_API_KEYS,
  };
}

/** For entry points: a bad setting prints the message naming the variable and exits 1, without a stack. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}
