export * from './types';
export * from './errors';
export { AsyncQueue } from './async-queue';
export { InMemoryEventStore } from './in-memory/in-memory-event-store';
export { PostgresEventStore, PostgresEventStoreOptions, eventLogSize } from './postgres/postgres-event-store';
export { EVENT_STORE_SCHEMA, migrateEventStore } from './postgres/schema';
export { EventStoreDbEventStore, EventStoreDbOptions, hostOf } from './eventstoredb/eventstoredb-event-store';
export * from './integrity';
export { Coalescer } from './coalescer';
