import { InMemoryEventStore } from './in-memory-event-store';
import { describeEventStoreContract } from '../testing/contract';

const store = new InMemoryEventStore();
describeEventStoreContract('in-memory', () => store);
