import { KeyObject, createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { ConflictException, Inject, Injectable, Logger, UnprocessableEntityException } from '@nestjs/common';
import type { AppConfig } from '@wenzheng/platform';
import type { Pool } from 'pg';
import { APP_CONFIG, PG_POOL } from '@wenzheng/platform';
import { Coalescer, PreparedStatement, newId, prepared } from '@wenzheng/event-store';
import { ASYNC_COMMIT, SERVER_COMMIT } from '../http/async-commit';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const canonicalize = require('canonicalize') as (v: unknown) => string | undefined;

/** A key is honoured this long after its first use (docs/api.md, "Idempotency-Key": 24 hours), then forgotten. */
export const KEY_TTL_HOURS = 24;
/** A running request holds its key this long; past it, a retry may take over (its process died). */
const LEASE_SECONDS = 10;
/** A duplicate waits this long for the first request to finish, then gets 409. */
const WAIT_MS = 5_000;
const PRUNE_EVERY_MS = 10 * 60_000;

/** A write request as the key table sees it. */
export interface IdempotentRequest {
  /** Who may replay it: a token's subject, an access key's proof, or `anonymous`. */
  readonly scope: string;
  readonly key: string;
  /** Route, parameters, caller and body: anything that tells two requests apart. */
  readonly fingerprint: unknown;
  /**
   * The request writes outside PostgreSQL under the claimed ids before anything it commits there
   * (attachments to the blob store): its claim waits for the disk (ASYNC_COMMIT).
   */
  readonly writesOutside?: boolean;
}

/** This request runs the command, under a commandId and new id that survive its retries. */
export interface RunClaim {
  readonly kind: 'run';
  /**
   * Taken over from a request whose lease lapsed (it failed with a 5xx, or its process died): that
   * request may have appended, so a refusal now (the case moved on since) does not free the key.
   */
  readonly takenOver?: boolean;
  readonly keyHash: string;
  readonly sealKey: Buffer;
  readonly commandId: string;
  readonly newId: string;
}

export type Claim = RunClaim | { readonly kind: 'replay'; readonly status: number; readonly body: unknown };

interface KeyRow {
  fingerprint: string;
  command_id: string;
  new_id: string;
  running: boolean;
  response_status: number | null;
  response: Buffer | null;
}

interface NewKey {
  readonly keyHash: string;
  readonly fingerprint: string;
}

interface Answer {
  readonly keyHash: string;
  readonly commandId: string;
  readonly status: number;
  readonly response: Buffer;
}

/**
 * The statements of every write request, prepared once per connection (see prepared). The claim
 * comes in two forms: one that commits without waiting for the disk and one that waits
 * (ASYNC_COMMIT says when the first loses nothing); the others always wait.
 */
function claimWith(commit: string) {
  return prepared(
    `insert into wz_http.idempotency_keys as k (key_hash, fingerprint, command_id, new_id, locked_until)
     select v.key_hash, v.fingerprint, v.command_id, v.new_id, clock_timestamp() + make_interval(secs => $5)
       from unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[]) as v(key_hash, fingerprint, command_id, new_id), ${commit}
      order by v.key_hash
     on conflict (key_hash) do update set
       fingerprint = excluded.fingerprint, command_id = excluded.command_id, new_id = excluded.new_id,
       created_at = clock_timestamp(), locked_until = excluded.locked_until, response_status = null, response = null
     where k.created_at < clock_timestamp() - make_interval(hours => $6)
     returning key_hash, command_id, new_id`,
  );
}
const CLAIM_WITHOUT_WAITING = claimWith(ASYNC_COMMIT);
const CLAIM = claimWith(SERVER_COMMIT);
const STORE_ANSWERS = prepared(
  `update wz_http.idempotency_keys k set response_status = v.status, response = v.response, locked_until = null
     from unnest($1::text[], $2::uuid[], $3::smallint[], $4::bytea[]) as v(key_hash, command_id, status, response),
          (select key_hash from wz_http.idempotency_keys where key_hash = any($1::text[]) order by key_hash for update) l
    where k.key_hash = v.key_hash and l.key_hash = v.key_hash and k.command_id = v.command_id`,
);
const LOOK_UP = prepared(
  `select fingerprint, command_id, new_id, response_status, response,
          coalesce(locked_until > clock_timestamp(), false) as running
     from wz_http.idempotency_keys where key_hash = $1`,
);
const ANSWER = prepared(
  `select fingerprint, response_status, response from wz_http.idempotency_keys
    where key_hash = $1 and created_at >= clock_timestamp() - make_interval(hours => $2)`,
);
const TAKE_OVER = prepared(
  `update wz_http.idempotency_keys set locked_until = clock_timestamp() + make_interval(secs => $3)
    where key_hash = $1 and fingerprint = $2 and response_status is null
      and (locked_until is null or locked_until <= clock_timestamp())
    returning command_id, new_id`,
);
const FORGET = prepared(`delete from wz_http.idempotency_keys where key_hash = $1 and command_id = $2 and response_status is null`);
const UNLOCK = prepared(
  `update wz_http.idempotency_keys set locked_until = null where key_hash = $1 and command_id = $2 and response_status is null`,
);

export const IDEMPOTENCY_KEY_REUSED = 'idempotency_key_reused';
export const IDEMPOTENCY_KEY_IN_PROGRESS = 'idempotency_key_in_progress';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The answers' GCM nonces, cut from one buffer of random bytes refilled when spent: one call into
 * the CSPRNG per 512 answers instead of one each (as random as before, and never reused: a refill
 * is a new buffer, never written over).
 */
const IV_BYTES = 12;
let ivPool = Buffer.alloc(0);
let ivNext = 0;
export function nextIv(): Buffer {
  if (ivNext + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_BYTES * 512);
    ivNext = 0;
  }
  ivNext += IV_BYTES;
  return ivPool.subarray(ivNext - IV_BYTES, ivNext);
}

/**
 * Idempotency keys as Stripe keeps them: the first request with a key claims it (one atomic
 * upsert, so of 50 identical requests one runs), stores its response, and the same request again
 * gets that response. Anything else under the key is 422 and learns nothing of the first.
 */
@Injectable()
export class IdempotencyKeys {
  private readonly logger = new Logger('idempotency');
  /** Made once: createHmac with the secret's text would encode it again for each of a claim's three MACs. */
  private readonly secret: KeyObject;
  private nextPrune = 0;
  /** The events are appended in this PostgreSQL (not EventStoreDB): a key's claim may go without waiting (ASYNC_COMMIT). */
  private readonly eventsHere: boolean;
  /** The claims and answers of one turn, one statement each (two round trips a command, shared under load). */
  private readonly claims = new Coalescer<NewKey, { command_id: string; new_id: string } | undefined>((keys) =>
    this.insertKeys(keys, CLAIM_WITHOUT_WAITING),
  );
  private readonly waitingClaims = new Coalescer<NewKey, { command_id: string; new_id: string } | undefined>((keys) =>
    this.insertKeys(keys, CLAIM),
  );
  private readonly answers = new Coalescer<Answer, void>((answers) => this.storeAnswers(answers));

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // The access keys' secret: every API process must agree on it, as on the access keys.
    this.secret = createSecretKey(Buffer.from(config.accessKeySecret ?? config.jwtSecret ?? '', 'utf8'));
    this.eventsHere = !config.eventStoreConnectionString;
  }

  async claim(request: IdempotentRequest): Promise<Claim> {
    this.pruneNow();
    const keyHash = this.mac('key', request.scope, request.key);
    const fingerprint = this.mac('fingerprint', canonicalize(request.fingerprint) ?? 'null');
    const sealKey = this.sealKeyOf(request);
    const run = (row: { command_id: string; new_id: string }, takenOver = false): RunClaim => ({
      kind: 'run',
      keyHash,
      sealKey,
      commandId: row.command_id,
      newId: row.new_id,
      ...(takenOver && { takenOver }),
    });
    const deadline = Date.now() + WAIT_MS;
    for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
      const claimed = await (this.eventsHere && !request.writesOutside ? this.claims : this.waitingClaims).submit({ keyHash, fingerprint });
      if (claimed) return run(claimed);
      const { rows } = await LOOK_UP.run<KeyRow>(this.pool, [keyHash]);
      const row = rows[0];
      // No row: a refused request released the key a moment ago; claim it on the next turn.
      if (row) {
        if (row.fingerprint !== fingerprint) throw reused();
        if (row.response_status !== null && row.response)
          return { kind: 'replay', status: row.response_status, body: this.open(sealKey, row.response) };
        if (!row.running) {
          // Released after a server error, or its process died: run again under the same commandId,
          // so the event store's per-stream check replays whatever the first attempt did append.
          const taken = await TAKE_OVER.run<{ command_id: string; new_id: string }>(this.pool, [keyHash, fingerprint, LEASE_SECONDS]);
          if (taken.rows[0]) return run(taken.rows[0], true);
        }
      }
      if (Date.now() >= deadline) {
        throw new ConflictException({
          error: IDEMPOTENCY_KEY_IN_PROGRESS,
          code: IDEMPOTENCY_KEY_IN_PROGRESS,
          message: `${IDEMPOTENCY_KEY_IN_PROGRESS}: a request with this Idempotency-Key is still running; retry it in a moment`,
        });
      }
      await sleep(delay);
    }
  }

  /**
   * The answer a request under this key was given, to replay without running anything (a request
   * over the anonymous rate limit): 422 for another request under the key, undefined where none
   * is recorded (no claim, or the first request still running). Claims nothing and never waits.
   */
  async recordedAnswer(request: IdempotentRequest): Promise<{ status: number; body: unknown } | undefined> {
    const { rows } = await ANSWER.run<Pick<KeyRow, 'fingerprint' | 'response_status' | 'response'>>(this.pool, [
      this.mac('key', request.scope, request.key),
      KEY_TTL_HOURS,
    ]);
    const row = rows[0];
    if (!row) return undefined;
    if (row.fingerprint !== this.mac('fingerprint', canonicalize(request.fingerprint) ?? 'null')) throw reused();
    if (row.response_status === null || !row.response) return undefined;
    return { status: row.response_status, body: this.open(this.sealKeyOf(request), row.response) };
  }

  /** The command ran: keep its answer for the same request again (waiting for the disk: ASYNC_COMMIT says why). */
  async complete(claim: RunClaim, status: number, body: unknown): Promise<void> {
    await this.answers.submit({ keyHash: claim.keyHash, commandId: claim.commandId, status, response: this.seal(claim.sealKey, body) });
  }

  /**
   * New keys claimed in one upsert: a key already there is claimed again only once forgotten (its
   * row is then reset). The same key twice in one batch goes once; the other finds its row taken
   * and waits for its answer, as a second request does. In key order, so that two batches with the
   * same keys lock them in the same order.
   */
  private async insertKeys(
    keys: readonly NewKey[],
    claim: PreparedStatement,
  ): Promise<Array<{ command_id: string; new_id: string } | undefined>> {
    const first = new Map<string, NewKey>();
    for (const k of keys) if (!first.has(k.keyHash)) first.set(k.keyHash, k);
    const sent = [...first.values()];
    const { rows } = await claim.run<{ key_hash: string; command_id: string; new_id: string }>(this.pool, [
      sent.map((k) => k.keyHash),
      sent.map((k) => k.fingerprint),
      sent.map(() => newId()),
      sent.map(() => newId()),
      LEASE_SECONDS,
      KEY_TTL_HOURS,
    ]);
    const claimed = new Map(rows.map((r) => [r.key_hash, r]));
    return keys.map((k) => (first.get(k.keyHash) === k ? claimed.get(k.keyHash) : undefined));
  }

  private async storeAnswers(answers: readonly Answer[]): Promise<void[]> {
    // The rows locked in key order, as a batch of claims locks them (its upsert locks a row it finds):
    // in the answers' order, a claim batch of their retries and this deadlocked.
    await STORE_ANSWERS.run(this.pool, [
      answers.map((a) => a.keyHash),
      answers.map((a) => a.commandId),
      answers.map((a) => a.status),
      answers.map((a) => a.response),
    ]);
    return answers.map(() => undefined);
  }

  /**
   * The request failed. Refused (4xx: nothing was appended) on a fresh claim: the key is free again,
   * so a corrected request may use it. Otherwise the append may have happened (a 5xx, or a refusal of
   * a retry that took over a lapsed claim: the first attempt may have appended before it died, and
   * a check before the runner may now refuse what has changed since): keep the claim and its
   * commandId for the next retry, unlocked, so that it converges on the first attempt's result and
   * never runs the command a second time under a new id.
   */
  async release(claim: RunClaim, refused: boolean): Promise<void> {
    await (refused && !claim.takenOver ? FORGET : UNLOCK).run(this.pool, [claim.keyHash, claim.commandId]);
  }

  /**
   * Forgotten keys, deleted now and then by whichever process comes by. A row locked by a claim
   * (a forgotten key used again) or an answer is skipped, never waited for: the prune then takes
   * part in no lock cycle with a batch of claims or answers, and that row is the claim's anyway.
   */
  async prune(): Promise<number> {
    const { rowCount } = await this.pool.query(
      `delete from wz_http.idempotency_keys where key_hash in (
         select key_hash from wz_http.idempotency_keys
          where created_at < clock_timestamp() - make_interval(hours => $1)
          order by key_hash
            for update skip locked)`,
      [KEY_TTL_HOURS],
    );
    return rowCount ?? 0;
  }

  private pruneNow(): void {
    if (Date.now() < this.nextPrune) return;
    this.nextPrune = Date.now() + PRUNE_EVERY_MS;
    this.prune().catch((e: unknown) => this.logger.warn(`pruning idempotency keys failed: ${e instanceof Error ? e.name : 'error'}`));
  }

  /** The key and scope are never stored, so the table alone cannot open a response. */
  private sealKeyOf(request: IdempotentRequest): Buffer {
    return createHmac('sha256', this.secret).update(`idempotency-response\0${request.scope}\0${request.key}`).digest();
  }

  private mac(kind: string, ...parts: string[]): string {
    return createHmac('sha256', this.secret)
      .update(`idempotency-${kind}\0${parts.join('\0')}`)
      .digest('hex');
  }

  private seal(key: Buffer, body: unknown): Buffer {
    const iv = nextIv();
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const sealed = Buffer.concat([cipher.update(JSON.stringify(body ?? null), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
  }

  private open(key: Buffer, stored: Buffer): unknown {
    const decipher = createDecipheriv('aes-256-gcm', key, stored.subarray(0, 12));
    decipher.setAuthTag(stored.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(stored.subarray(28)), decipher.final()]).toString('utf8'));
  }
}

function reused(): UnprocessableEntityException {
  return new UnprocessableEntityException({
    error: IDEMPOTENCY_KEY_REUSED,
    code: IDEMPOTENCY_KEY_REUSED,
    message: `${IDEMPOTENCY_KEY_REUSED}: this Idempotency-Key was used for a different request (route, case, caller or body); use a new key for a new request`,
  });
}
