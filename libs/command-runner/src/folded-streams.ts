import type { KnownRange } from '@wenzheng/event-store';
import type { PetitionState } from '@wenzheng/petition';

/**
 * What a command needs of its petition's stream once folded: the decider's state and the few
 * facts the runner takes from the recorded events (which commands the stream holds, whether the
 * citizen's data was erased, the citizen's name that free text is masked with, the integrity
 * chain's last hash), and the range they were folded from.
 */
export interface FoldedStream {
  readonly state: PetitionState;
  /** The stream's range when folded; undefined for a stream with no live event. */
  readonly range: KnownRange | undefined;
  readonly commandIds: ReadonlySet<string>;
  readonly erased: boolean;
  /** citizenNamesIn of the stream's decoded events. */
  readonly names: readonly string[];
  readonly lastHash: string;
}

/**
 * The streams a runner appended to last, each as it stood after its own append, so the next
 * command on the case is decided without reading all its events, decoding and folding them. The
 * runner checks a kept fold before anything rests on it: an append by its expected revision (the
 * fold's last), a decision that appends nothing by EventStore.readStreamUnlessAt; anything
 * appended, soft-deleted or tombstoned since, by this process or another, brings the stream back
 * whole (a soft delete only when nothing is appended: see the README). Bounded in number and in age: a fold (and the citizen's name in it) is dropped once
 * `maxAgeMs` old, by the next look at it or the sweep after (an unreferenced timer: it keeps no
 * process alive).
 */
export class FoldedStreams {
  private readonly entries = new Map<string, { readonly folded: FoldedStream; readonly at: number }>();

  private sweeper: NodeJS.Timeout | undefined;
  private erasures = 0;
  private staleRate = 0;

  constructor(
    private readonly maxEntries = 5_000,
    private readonly maxAgeMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Drops the folds older than maxAgeMs (the oldest come first: set re-inserts). */
  sweep(): void {
    for (const [id, entry] of this.entries) {
      if (this.now() - entry.at <= this.maxAgeMs) break;
      this.entries.delete(id);
    }
    if (!this.entries.size && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  get(petitionId: string): FoldedStream | undefined {
    const entry = this.entries.get(petitionId);
    if (!entry) return undefined;
    if (this.now() - entry.at > this.maxAgeMs) {
      this.entries.delete(petitionId);
      return undefined;
    }
    return entry.folded;
  }

  /**
   * How many erasures this process began: a fold made by a command that began before one (its
   * decision, the names it masked with) is not kept (see set).
   */
  get generation(): number {
    return this.erasures;
  }

  /**
   * Keeps `folded`; not when `generation` is given and an erasure began since (the case's key may
   * be gone without its stream changing yet: the next command then reads it whole).
   */
  set(petitionId: string, folded: FoldedStream, generation?: number): void {
    if (generation !== undefined && generation !== this.erasures) return;
    this.entries.delete(petitionId);
    this.entries.set(petitionId, { folded, at: this.now() });
    // A Map iterates in insertion order: the first is the one kept longest.
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    if (!this.sweeper) {
      this.sweeper = setInterval(() => this.sweep(), this.maxAgeMs);
      this.sweeper.unref();
    }
  }

  forget(petitionId: string): void {
    this.entries.delete(petitionId);
  }

  /** Forgets the fold before the case's key is destroyed, and any fold a command in flight would keep. */
  erase(petitionId: string): void {
    this.erasures++;
    this.entries.delete(petitionId);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Notes whether a kept fold turned out stale (another writer had appended since: its append was
   * refused, or the check before deciding found the stream moved on).
   */
  noteKept(stale: boolean): void {
    this.staleRate += ((stale ? 1 : 0) - this.staleRate) * STALE_WEIGHT;
  }

  /**
   * Whether a kept fold should be checked (EventStore.readStreamUnlessAt) before deciding on it,
   * rather than decided on unchecked and caught by its append's expected revision. Where another
   * process often writes the same cases (a balancer that spreads one client's requests over the
   * API processes; the bench's round-robin passes whole connections and does not), a stale fold costs
   * a decision, its encoding and a refused append before the stream is read whole; checking first
   * costs one round trip, which comes back with the stream when it moved on. Where the case's
   * requests come to this process (one process, or routed by case), deciding unchecked saves that
   * round trip. The choice follows the recent kept folds (both ways, since checking first still
   * notes what it found).
   */
  get checkFirst(): boolean {
    return this.staleRate > STALE_CHECK_FIRST;
  }
}

/**
 * The weight of each kept fold in the stale rate (an exponentially weighted mean: about the last
 * 16 count), and the rate above which kept folds are checked first: a stale fold decided on
 * unchecked costs about what two or three checks do (a decision, its encoding, a refused append),
 * so checking first pays once more than about one fold in four is stale.
 */
export const STALE_WEIGHT = 1 / 16;
export const STALE_CHECK_FIRST = 0.25;
