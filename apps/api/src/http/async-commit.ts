/**
 * A one-row relation to join into a statement that writes only bookkeeping (an idempotency key's
 * claim): its own transaction then commits without waiting for the WAL to reach the disk
 * (synchronous_commit off for that transaction only, as SET LOCAL does; the appends and everything
 * else keep the server's setting). With fsync on, that is one wait for the disk less a statement.
 *
 * Where it is used (an Idempotency-Key's claim, IdempotencyKeys) nothing durable can outlive it. The
 * WAL is one sequence: whatever the request then commits to the same PostgreSQL the ordinary way
 * (an append, a reference-data write, a phone code) waits for the WAL to be flushed up to its own
 * commit record, and so makes the claim made before it durable too. A crash can forget only a claim
 * whose request committed nothing yet, and a retry then claims the key anew. Two exceptions keep
 * waiting: a request that writes outside PostgreSQL under the claimed ids before its first such
 * commit (attachments to the blob store), and every claim when the events are in EventStoreDB
 * (EVENTSTORE_CONNECTION_STRING), whose appends flush nothing here. The answer, the release and the
 * take-over always wait: a retry after a lost answer need not converge on the first run's result
 * (a check before the runner may refuse it, or a route may answer from state that moved on).
 * test/faults/crash-durability.int-spec.ts crashes PostgreSQL (an immediate stop, then recovery) and
 * shows a claim alone lost, a claim kept by the append after it, an attachment request's claim and a
 * command's answer kept.
 * (The rate limit's counts need none of this: their table is unlogged, and a transaction that writes
 * no WAL but its commit record does not wait for the disk.)
 *
 * A statement that writes no row has no commit to wait for, so it does not matter that the
 * relation is only read when the statement's join reaches it.
 */
export const ASYNC_COMMIT = `(select set_config('synchronous_commit', 'off', true)) as async_commit`;

/** The same place in the statement, keeping the server's setting: the commit waits for the disk. */
export const SERVER_COMMIT = `(select current_setting('synchronous_commit')) as server_commit`;
