import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** The part of a pg Pool the key store uses; the application hands its pool over (PetitionStorageModule). */
export interface KeyDatabase {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

/**
 * What may be published of a data subject, derived when their personal data was written and kept
 * beside their key (never in the event log): read models show it without decrypting anything, and
 * it is destroyed with the key. `rules` says what it was derived under (see PetitionEventCodec).
 */
export interface PublishedSubject {
  readonly rules: string;
  readonly [field: string]: unknown;
}

/** A subject's key (null once erased or never made) and what may be published of them while it lives. */
export interface SubjectEntry {
  readonly key: Buffer | null;
  readonly published: PublishedSubject | null;
}

/**
 * Data keys, one per data subject, kept OUTSIDE the event store (schema wz_keys; a deployment can
 * point it at another database). Deleting a key erases every event field encrypted with it
 * (crypto-shredding) while the events themselves stay immutable. The row stays as a tombstone so
 * auditors can see when and why the key was destroyed; what could be published of the subject
 * (`published`) goes with the key.
 */
export class SubjectKeyStore {
  private readonly cache = new Map<string, SubjectEntry & { at: number }>();
  private ready: Promise<void> | undefined;
  /**
   * Whether the table has the `published` column: a table made before it, owned by another role than
   * the application's (a DATABASE_URL deployment), cannot be given it; keys then work as before, and
   * nothing is kept beside them.
   */
  private keeps = false;
  private static readonly TTL_MS = 30_000;
  private static readonly MAX_CACHED = 50_000;

  constructor(private readonly pool: KeyDatabase) {}

  private ensure(): Promise<void> {
    this.ready ??= this.create().catch((e) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  /**
   * Several processes' first use at once (a scale-out start): PostgreSQL's IF NOT EXISTS is not atomic
   * against a concurrent create (a unique violation in its catalogue, a 500 on a first submit), and
   * trying again can lose again. One statement, one transaction, under a transaction-scoped advisory
   * lock: creators take turns, and each after the first finds what the first made.
   */
  private async create(): Promise<void> {
    await this.pool.query(`do $create$ begin
      perform pg_advisory_xact_lock(hashtext('wz_keys.subject_keys'));
      create schema if not exists wz_keys;
      create table if not exists wz_keys.subject_keys (
        subject_id text primary key,
        key bytea null,
        created_at timestamptz not null default now(),
        erased_at timestamptz null,
        erased_by text null,
        reason text null
      );
      -- since the published citizen was kept beside the key: a table made before gets the column, if
      -- this role may alter it (ALTER needs the owner even when the column exists, hence the check)
      if not exists (select 1 from pg_attribute where attrelid = 'wz_keys.subject_keys'::regclass
                        and attname = 'published' and not attisdropped) then
        begin
          alter table wz_keys.subject_keys add column published jsonb null;
        exception when insufficient_privilege then null;
        end;
      end if;
      -- what an older build's erasure left (see below), found without reading every key: normally empty
      if exists (select 1 from pg_attribute where attrelid = 'wz_keys.subject_keys'::regclass
                    and attname = 'published' and not attisdropped)
         and to_regclass('wz_keys.subject_keys_erased_kept') is null then
        begin
          create index subject_keys_erased_kept on wz_keys.subject_keys (subject_id) where key is null and published is not null;
        exception when insufficient_privilege then null;
        end;
      end if;
    end $create$`);
    const { rows } = await this.pool.query<{ n: number }>(
      `select count(*)::int as n from pg_attribute
        where attrelid = 'wz_keys.subject_keys'::regclass and attname = 'published' and not attisdropped`,
    );
    this.keeps = rows[0].n > 0;
    // A key destroyed by a build that did not know the column (a rolling update) left it: nothing is kept of an erased subject.
    if (this.keeps) await this.pool.query('update wz_keys.subject_keys set published = null where key is null and published is not null');
  }

  private get publishedColumn(): string {
    return this.keeps ? 'published' : 'null::jsonb as published';
  }

  /**
   * The subject's key, created on first use, and `published` kept beside it (in the same statement)
   * when given. Refuses a subject whose key was erased.
   */
  async keyFor(subject: string, published?: PublishedSubject): Promise<Buffer> {
    const key = await this.liveKey(subject, published);
    if (!key) throw new Error('the data subject was erased; no new personal data is stored for it');
    return key;
  }

  /**
   * The subject's key, created on first use; null once erased. A cached key may be used after
   * another process destroyed it: what is sealed with it then is as erased as the rest. `published`
   * replaces what was kept beside a live key; an erased subject keeps nothing.
   */
  async liveKey(subject: string, published?: PublishedSubject): Promise<Buffer | null> {
    const hit = this.cache.get(subject);
    if (hit?.key && Date.now() - hit.at < SubjectKeyStore.TTL_MS && published === undefined) return hit.key;
    await this.ensure();
    const { rows } = this.keeps
      ? await this.pool.query<SubjectEntry>(
          `insert into wz_keys.subject_keys as k (subject_id, key, published) values ($1, $2, $3)
           on conflict (subject_id) do update
             set published = case when k.key is null then null else coalesce(excluded.published, k.published) end
           returning key, published`,
          [subject, randomBytes(32), published === undefined ? null : JSON.stringify(published)],
        )
      : await this.pool.query<SubjectEntry>(
          `insert into wz_keys.subject_keys (subject_id, key) values ($1, $2)
           on conflict (subject_id) do update set subject_id = excluded.subject_id
           returning key, null::jsonb as published`,
          [subject, randomBytes(32)],
        );
    this.remember(subject, rows[0]);
    return rows[0].key;
  }

  /** The key, or null once erased (or never created). */
  async lookup(subject: string): Promise<Buffer | null> {
    return (await this.entry(subject)).key;
  }

  /** The key and what is kept beside it (nothing once erased or never created). */
  async entry(subject: string): Promise<SubjectEntry> {
    const hit = this.cache.get(subject);
    if (hit && Date.now() - hit.at < SubjectKeyStore.TTL_MS) return hit;
    await this.prefetch([subject]);
    return this.cache.get(subject) ?? { key: null, published: null };
  }

  /** Loads many keys in one query (a rebuild decodes thousands of events a batch). */
  async prefetch(subjects: readonly string[]): Promise<void> {
    const missing = [...new Set(subjects)].filter((s) => {
      const hit = this.cache.get(s);
      return !hit || Date.now() - hit.at >= SubjectKeyStore.TTL_MS;
    });
    if (!missing.length) return;
    await this.ensure();
    const { rows } = await this.pool.query<SubjectEntry & { subject_id: string }>(
      `select subject_id, key, ${this.publishedColumn} from wz_keys.subject_keys where subject_id = any($1)`,
      [missing],
    );
    const found = new Map(rows.map((r) => [r.subject_id, r]));
    for (const s of missing) this.remember(s, found.get(s) ?? { key: null, published: null });
  }

  /** Destroys the key. Returns false when there was no live key. */
  async erase(subject: string, by: string, reason: string): Promise<boolean> {
    await this.ensure();
    // What is kept beside the key goes with it, and with any key already destroyed (by a build before the column)
    const { rowCount } = await this.pool.query(
      this.keeps
        ? `with kept as (update wz_keys.subject_keys set published = null where subject_id = $1 and key is null and published is not null)
           update wz_keys.subject_keys set key = null, published = null, erased_at = now(), erased_by = $2, reason = $3
            where subject_id = $1 and key is not null`
        : `update wz_keys.subject_keys set key = null, erased_at = now(), erased_by = $2, reason = $3
            where subject_id = $1 and key is not null`,
      [subject, by, reason],
    );
    this.cache.set(subject, { key: null, published: null, at: Date.now() });
    return (rowCount ?? 0) > 0;
  }

  private remember(subject: string, entry: SubjectEntry) {
    if (this.cache.size >= SubjectKeyStore.MAX_CACHED) this.cache.clear();
    // an erased subject keeps nothing beside its key, whatever a row written before the column said
    this.cache.set(subject, { key: entry.key, published: entry.key ? entry.published : null, at: Date.now() });
  }
}

export interface Envelope {
  readonly $enc: 'aes-256-gcm';
  readonly subject: string;
  readonly iv: string;
  readonly tag: string;
  readonly data: string;
}

export const isEnvelope = (v: unknown): v is Envelope =>
  typeof v === 'object' && v !== null && (v as { $enc?: unknown }).$enc === 'aes-256-gcm';

/** Seals `value` under `key`, with `aad` authenticated beside it; `iv` (12 bytes, never reused under a key) is made here unless given. */
export function seal(key: Buffer, subject: string, aad: string, value: unknown, iv: Buffer = randomBytes(12)): Envelope {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return {
    $enc: 'aes-256-gcm',
    subject,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

export function open<T>(key: Buffer, aad: string, e: Envelope): T {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(e.iv, 'base64'));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(e.tag, 'base64'));
  return JSON.parse(Buffer.concat([decipher.update(Buffer.from(e.data, 'base64')), decipher.final()]).toString('utf8')) as T;
}
