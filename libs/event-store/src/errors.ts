import type { CurrentRevision, ExpectedRevision } from './types';

export class EventStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class WrongExpectedVersionError extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly expectedRevision: ExpectedRevision,
    readonly actualRevision: CurrentRevision,
  ) {
    super(`wrong expected version on ${streamId}: expected ${String(expectedRevision)}, actual ${String(actualRevision)}`);
  }
}

export class StreamNotFoundError extends EventStoreError {
  constructor(readonly streamId: string) {
    super(`stream ${streamId} not found`);
  }
}

export class StreamDeletedError extends EventStoreError {
  constructor(readonly streamId: string) {
    super(`stream ${streamId} is deleted (tombstoned)`);
  }
}

/** The engine did not answer in time or refused the connection. Names the host, never credentials. */
export class EventStoreUnavailableError extends EventStoreError {
  constructor(
    readonly host: string,
    reason: string,
  ) {
    super(`event store at ${host} unavailable: ${reason}`);
  }
}
