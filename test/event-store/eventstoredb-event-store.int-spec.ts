import { EventStoreDbEventStore, hostOf } from '@wenzheng/event-store';
import { describeEventStoreContract } from '../../libs/event-store/src/testing/contract';
import { whyUnreachable } from '../setup/tcp-probe';

/**
 * The same contract on EventStoreDB, selected by EVENTSTORE_CONNECTION_STRING (docker-compose starts
 * one). Without a reachable server the run is reported as skipped, with the reason, never passed.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

function whyUnavailable(): string | undefined {
  if (!connectionString) return 'EVENTSTORE_CONNECTION_STRING is not set';
  const host = hostOf(connectionString).split(',')[0];
  const [name, port = '2113'] = host.split(':');
  const problem = whyUnreachable(name, Number(port));
  return problem && `EventStoreDB at ${host} unreachable (${problem})`;
}

const skipReason = whyUnavailable();

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
