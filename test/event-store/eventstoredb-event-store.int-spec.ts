import { spawnSync } from 'node:child_process';
import { EventStoreDbEventStore, hostOf } from '@wenzheng/event-store';
import { describeEventStoreContract } from '../../libs/event-store/src/testing/contract';

/**
 * The same contract on EventStoreDB, selected by EVENTSTORE_CONNECTION_STRING (docker-compose starts
 * one). Without a reachable server the run is reported as skipped, with the reason, never passed.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

/** Jest collects tests synchronously, so reachability is probed in a child process (a TCP connect). */
function whyUnreachable(): string | undefined {
  if (!connectionString) return 'EVENTSTORE_CONNECTION_STRING is not set';
  const host = hostOf(connectionString).split(',')[0];
  const [name, port = '2113'] = host.split(':');
  const probe = spawnSync(process.execPath, ['-e', `
    const s = require('node:net').connect({ host: ${JSON.stringify(name)}, port: ${Number(port)} });
    s.setTimeout(2000, () => { console.log('no answer within 2 s'); process.exit(1); });
    s.on('connect', () => process.exit(0));
    s.on('error', (e) => { console.log(e.code || e.message); process.exit(1); });
  `], { encoding: 'utf8', timeout: 5000 });
  return probe.status === 0 ? undefined : `EventStoreDB at ${host} unreachable (${probe.stdout.trim() || 'probe failed'})`;
}

const skipReason = whyUnreachable();

if (skipReason) {
  describe('event-store contract [eventstoredb]', () => {
    it.skip(`skipped: ${skipReason}; start one with docker compose up eventstore`, () => undefined);
  });
} else {
  let store: EventStoreDbEventStore;
  beforeAll(() => {
    store = new EventStoreDbEventStore({ connectionString: connectionString as string, timeoutMs: 10_000 });
  });
  afterAll(async () => store?.close());
  describeEventStoreContract('eventstoredb', () => store);
}
