/**
 * A one-row relation to join into a statement that writes only bookkeeping (an idempotency key's
 * row): its own transaction then commits without waiting for the WAL to reach
 * the disk (synchronous_commit off for that transaction only, as SET LOCAL does; the appends and
 * everything else keep the server's setting). Under fsync on, that is one wait for the disk less
 * for each such statement.
 *
 * Nothing durable is lost by it. The WAL is one sequence: a command's append commits after its key
 * was claimed and waits for the WAL to be flushed up to its own commit record, so once the append is
 * durable the claim is too. That holds only while the events are appended in the same PostgreSQL:
with EventStoreDB (EVENTSTORE_CONNECTION_STRING) an append flushes nothing here, and the key's
writes keep the server's setting (SERVER_COMMIT). A crash can lose only the bookkeeping of its last moment: a claim whose
 * command appended nothing yet (a retry claims the key anew), an answer (the claim stays, its lease
 * lapses, and a retry runs under the same commandId, which the event store answers from what the
 * first run appended: the path of a process that died after its append), a release or a take-over.
 * (The rate limit's counts need none of this: their table is unlogged, and a transaction that writes
 * no WAL but its commit record does not wait for the disk.)
 *
 * A statement that writes no row has no commit to wait for, so it does not matter that the
 * relation is only read when the statement's join reaches it.
 */
export const ASYNC_COMMIT = `(select set_config('synchronous_commit', 'off', true)) as async_commit`;

/** The same place in the statement, keeping the server's setting (the events elsewhere: EventStoreDB). */
export const SERVER_COMMIT = `(select current_setting('synchronous_commit')) as server_commit`;
