import { GENESIS_HASH, chainHash } from '@wenzheng/event-store';

export type IntegrityBreakReason = 'hash_mismatch' | 'missing_hash' | 'revision_gap';

export interface IntegrityBreak {
  readonly streamId: string;
  /** The first revision that does not verify (for a gap: the first missing one). */
  readonly revision: number;
  /** The event at that place; for a gap, the event found after it (null when the stream just ends early). */
  readonly eventId: string | null;
  readonly reason: IntegrityBreakReason;
  readonly detail: string;
}

export interface StoredEvent {
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Record<string, unknown>;
}

/**
 * Verifies one stream's chain as its events arrive in revision order, keeping only the last hash
 * and the revision expected next, so a verify over the global log needs memory per stream, not
 * per event. Same rules as verifyChain in @wenzheng/event-store, plus the two ends of the stream:
 * where it must start (when the engine knows) and where it must end (its head revision).
 */
export class ChainWalker {
  private previousHash = GENESIS_HASH;
  private expected: bigint | undefined;
  private found: IntegrityBreak | undefined;
  private count = 0;

  constructor(
    readonly streamId: string,
    private readonly firstRevision?: bigint,
  ) {
    this.expected = firstRevision;
  }

  get events(): number {
    return this.count;
  }

  get broken(): IntegrityBreak | undefined {
    return this.found;
  }

  add(e: StoredEvent): void {
    this.count++;
    if (this.found) return;
    if (this.expected !== undefined && e.revision !== this.expected) {
      this.found = this.gap(
        this.expected,
        e.id,
        `revision ${this.expected}${e.revision - 1n > this.expected ? `..${e.revision - 1n}` : ''} is missing: the next stored event has revision ${e.revision}`,
      );
      return;
    }
    const stored = e.metadata.hash;
    if (typeof stored !== 'string') {
      this.found = {
        streamId: this.streamId,
        revision: Number(e.revision),
        eventId: e.id,
        reason: 'missing_hash',
        detail: 'the event carries no integrity hash in its metadata',
      };
      return;
    }
    if (chainHash(this.previousHash, e) !== stored) {
      this.found = {
        streamId: this.streamId,
        revision: Number(e.revision),
        eventId: e.id,
        reason: 'hash_mismatch',
        detail:
          "the stored hash does not match the event's type, data and metadata chained to the previous event: it was changed after it was written",
      };
      return;
    }
    this.previousHash = stored;
    this.expected = e.revision + 1n;
  }

  /** The stream's head revision as the store records it: events missing at the end are a gap too. */
  end(head?: bigint): IntegrityBreak | undefined {
    if (!this.found && head !== undefined) {
      const next = this.expected ?? this.firstRevision ?? 0n;
      if (next <= head) {
        this.found = this.gap(
          next,
          null,
          `revision ${next}${head > next ? `..${head}` : ''} is missing: the stream's head is revision ${head} but ${this.count ? `its last stored event is ${next - 1n}` : 'no event of it is stored'}`,
        );
      }
    }
    return this.found;
  }

  private gap(revision: bigint, eventId: string | null, detail: string): IntegrityBreak {
    return { streamId: this.streamId, revision: Number(revision), eventId, reason: 'revision_gap', detail };
  }
}
