import { createHash } from 'node:crypto';
import type { Pool, QueryConfig, QueryResult, QueryResultRow } from 'pg';

let named = true;

/**
 * Whether `prepared` statements are named (the default) or sent unnamed as any other query:
 * `DATABASE_PREPARED_STATEMENTS=false` for a pooler that drops a session's prepared statements
 * between transactions (PgBouncer in transaction mode before 1.21, or without
 * `max_prepared_statements`). Set once at start, for the whole process.
 */
export function usePreparedStatements(on: boolean): void {
  named = on;
}

/** PostgreSQL's refusal to run a prepared statement whose result changed shape since it was prepared. */
function isStalePlan(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  return err?.code === '0A000' && typeof err.message === 'string' && err.message.includes('cached plan must not change result type');
}

export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
  /** The statement as pg sends it: named (parsed once per connection) unless switched off. */
  config(values: unknown[]): QueryConfig;
  /**
   * Runs it on the pool. A connection that prepared it before a migration changed the type of a
   * column it returns is refused once (the check comes before anything runs, and the pool then
   * drops that connection): the statement then runs unnamed on another, so a request does not fail
   * for a deployment's migration.
   */
  run<R extends QueryResultRow = QueryResultRow>(pool: Pool, values: unknown[]): Promise<QueryResult<R>>;
}

/**
 * A statement PostgreSQL parses and analyses once per connection, then binds and runs: for the
 * hot statements of fixed text (a command's stream read and append, the idempotency key's claim
 * and answer, the rate limit). An unnamed statement is parsed, analysed and planned again on every
 * run; measured on the idempotency key's two statements, that was most of what they cost
 * PostgreSQL. A prepared statement is also planned once where its generic plan is as good as a
 * plan for the values at hand (PostgreSQL decides after five runs). Named by a hash of the text,
 * so one name never stands for two texts (pg refuses that on a connection). Needs connections that
 * keep their session, as LISTEN and the advisory locks already do (see usePreparedStatements).
 */
export function prepared(text: string): PreparedStatement {
  const name = `wz_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
  const config = (values: unknown[]): QueryConfig => (named ? { name, text, values } : { text, values });
  return {
    name,
    text,
    config,
    async run<R extends QueryResultRow>(pool: Pool, values: unknown[]): Promise<QueryResult<R>> {
      try {
        return await pool.query<R>(config(values));
      } catch (e) {
        if (!named || !isStalePlan(e)) throw e;
        return pool.query<R>({ text, values });
      }
    },
  };
}
