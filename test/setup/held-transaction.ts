import type { Pool } from 'pg';

/**
 * Runs `work` while a transaction whose id is older than anything `work` appends is open: the
 * PostgreSQL event store's ordered reads (readAll, subscriptions, hence the projector) hold back
 * every event committed after it until it ends. `work` may end it (commit) early with `end()`;
 * otherwise it ends once `work` returns.
 */
export async function whileOlderTransactionOpen<T>(pool: Pool, work: (end: () => Promise<void>) => Promise<T>): Promise<T> {
  const held = await pool.connect();
  let ended = false;
  const end = async () => {
    if (ended) return;
    ended = true;
    await held.query('commit');
  };
  try {
    await held.query('begin');
    await held.query('select txid_current()'); // takes the transaction id now
    const result = await work(end);
    await end();
    return result;
  } finally {
    if (!ended) await held.query('rollback').catch(() => undefined);
    held.release();
  }
}
