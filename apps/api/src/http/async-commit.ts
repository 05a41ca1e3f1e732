/**
 * A one-row relation to join into a statement that writes only bookkeeping (an idempotency key's
 * claim or answer): its own transaction then commits without waiting for the WAL to reach the disk
 * (synchronous_commit off for that transaction only, as SET LOCAL does; the appends and everything
 * else keep the server's setting). With fsync on, that is one wait for the disk less a statement.
 *
 * Where it is used (IdempotencyKeys) nothing durable can outlive the bookkeeping it depends on. The
 * WAL is one sequence: whatever a request then commits to the same PostgreSQL the ordinary way (an
 * append, a reference-data write) waits for the WAL to be flushed up to its own commit record, and
 * so makes the claim made before it durable too. So:
 * - a claim goes without waiting unless the request does something outside PostgreSQL before its
 *   first such commit (attachments written to the blob store under the claimed ids: those claims
 *   wait), and only while the events are in the same PostgreSQL (with EventStoreDB,
 *   EVENTSTORE_CONNECTION_STRING, an append flushes nothing here: every key write waits);
 * - an answer goes without waiting only for a request that ran under the claimed ids (a command of
 *   an event-store runner): if a crash loses it, a retry runs under the same commandId and the
 *   runner answers from what the first run appended, the path of a process that died after its
 *   append. Any other answer, and every release and take-over, waits, so a replay or a freed key is
 *   never lost.
 * (The rate limit's counts need none of this: their table is unlogged, and a transaction that writes
 * no WAL but its commit record does not wait for the disk.)
 *
 * A statement that writes no row has no commit to wait for, so it does not matter that the
 * relation is only read when the statement's join reaches it.
 */
export const ASYNC_COMMIT = `(select set_config('synchronous_commit', 'off', true)) as async_commit`;

/** The same place in the statement, keeping the server's setting: the commit waits for the disk. */
export const SERVER_COMMIT = `(select current_setting('synchronous_commit')) as server_commit`;
