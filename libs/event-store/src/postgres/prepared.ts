import { createHash } from 'node:crypto';
import type { QueryConfig } from 'pg';

/**
 * A statement PostgreSQL parses, analyses and plans once per connection, then only binds and runs:
 * for the hot statements of fixed text (a command's stream read and append, the idempotency key's
 * claim and answer, the rate limit). An unnamed statement is parsed and planned again on every run;
 * measured on the idempotency key's two statements, that was most of what they cost PostgreSQL.
 * Named by a hash of the text, so one name never stands for two texts (pg refuses that on a
 * connection). Needs connections that keep their session, as LISTEN and the advisory locks already
 * do (no transaction-pooling proxy that drops prepared statements). After a schema change,
 * PostgreSQL analyses the statement again by itself.
 */
export function prepared(text: string): (values: unknown[]) => QueryConfig {
  const name = `wz_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
  return (values) => ({ name, text, values });
}
