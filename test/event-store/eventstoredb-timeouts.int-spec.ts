import { createServer, Server, Socket } from 'node:net';
import { EventStoreDbEventStore, EventStoreUnavailableError } from '@wenzheng/event-store';

/** The client hangs forever on a server that accepts and never answers: our own timeout must end it. */
describe('EventStoreDB engine timeouts (no server needed)', () => {
  let silent: Server;
  let port: number;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    silent = createServer((s) => sockets.push(s)); // accept, never answer
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    port = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.destroy());
    await new Promise((r) => silent.close(r));
  });

  it('a server that accepts but never answers fails within the timeout, naming the host', async () => {
    const store = new EventStoreDbEventStore({ connectionString: `esdb://127.0.0.1:${port}?tls=false`, timeoutMs: 500 });
    const started = Date.now();
    const err = await store.appendToStream('petition-x', [{ type: 'T', data: {} }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EventStoreUnavailableError);
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);
    expect(Date.now() - started).toBeLessThan(5000);
    const ping = await store.ping().catch((e: unknown) => e);
    expect(ping).toBeInstanceOf(EventStoreUnavailableError);
    await store.close();
  });

  it('a closed port fails fast, naming the host and never the credentials', async () => {
    const store = new EventStoreDbEventStore({ connectionString: `esdb://admin:changeit@127.0.0.1:1?tls=false`, timeoutMs: 3000 });
    const err = await store.readStream('petition-y').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EventStoreUnavailableError);
    expect((err as Error).message).toContain('127.0.0.1:1');
    expect((err as Error).message).not.toContain('changeit');
    await store.close();
  });
});
