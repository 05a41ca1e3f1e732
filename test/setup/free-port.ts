import { createServer } from 'node:net';

/**
 * A port nothing on this machine listens on now, as the kernel hands out for `listen(0)`: a random
 * pick from a fixed range can land on another test's server or a client's ephemeral port (CI saw
 * "Address already in use" for the embedded PostgreSQL). The port is closed again before it is
 * returned, so the caller binds it itself; the window between is milliseconds.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('listen(0) gave no port'))));
    });
  });
}
