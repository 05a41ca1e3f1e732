import { createServer } from 'node:net';

/**
 * What `listen` failing on a taken port means for whoever typed `npm start`: the variable that moves
 * it. Node's own `listen EADDRINUSE: address already in use 0.0.0.0:3000` names neither.
 */
export function explainListenError(e: unknown, port: number, variable: string): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return new Error(`port ${port} is in use: set ${variable}=… to a free port (see README)`);
  if (code === 'EACCES')
    return new Error(`port ${port} needs privileges this user lacks: set ${variable}=… to a port above 1023 (see README)`);
  return e;
}

/**
 * Fails with explainListenError's message when the port cannot be listened on. Asked before anything
 * starts (the embedded PostgreSQL takes seconds), and because Nest logs a failed listen as an ERROR
 * with Node's wording before the caller can explain it; a port taken in between still gets the same
 * explanation from the listen itself.
 */
export function ensurePortFree(port: number, host: string | undefined, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (e) => reject(explainListenError(e, port, variable)));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
