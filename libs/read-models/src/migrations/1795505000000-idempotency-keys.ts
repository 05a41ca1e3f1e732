import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys, outside the event store: a key is a client's retry handle, not a fact about a
 * case. Neither the key, the caller nor the request is stored in clear (hashes under the server
 * secret), and the first response is sealed with a key only a request bearing the same
 * Idempotency-Key can rebuild: a submission's response holds the citizen's access key.
 */
export class IdempotencyKeys1795505000000 implements MigrationInterface {
  name = 'IdempotencyKeys1795505000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create schema if not exists wz_http`);
    await q.query(`
      create table wz_http.idempotency_keys (
        key_hash text primary key,
        fingerprint text not null,
        command_id uuid not null,
        new_id uuid not null,
        created_at timestamptz not null default clock_timestamp(),
        locked_until timestamptz,
        response_status smallint,
        response bytea
      )`);
    await q.query(`create index idempotency_keys_created_at on wz_http.idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists wz_http.idempotency_keys`);
  }
}
