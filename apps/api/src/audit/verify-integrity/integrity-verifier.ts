import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@wenzheng/event-store';
import { EVENT_STORE } from '@wenzheng/platform';
import { ChainWalker, IntegrityBreak } from './chain-walker';

export interface IntegrityReport {
  readonly engine: string;
  /** Streams walked, and events checked in them. */
  readonly streams: number;
  readonly events: number;
  /** The first broken link of each stream that has one, ordered by stream. */
  readonly broken: IntegrityBreak[];
  readonly startedAt: string;
  readonly durationMs: number;
}

export interface VerifyOptions {
  /** Streams per page on PostgreSQL, events per page elsewhere. */
  readonly pageSize?: number;
  readonly onProgress?: (progress: { streams: number; events: number }) => void;
}

/**
 * The integrity check over every stream (docs/security.md, "Integrity"). Reads the stored form, never
 * the decoded one: the chain covers what was written, whatever the codec does on the way out.
 */
@Injectable()
export class IntegrityVerifier {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async verifyAll(options: VerifyOptions = {}): Promise<IntegrityReport> {
    const started = Date.now();
    const walkers = await this.walk(options);
    const broken = walkers
      .flatMap((w) => (w.broken ? [w.broken] : []))
      .sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    return {
      engine: this.store.engine,
      streams: walkers.length,
      events: walkers.reduce((n, w) => n + w.events, 0),
      broken,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
    };
  }

  /**
   * The store's stream pages. Where it knows each stream's head (PostgreSQL), a stream whose last
   * events were removed is reported; elsewhere it verifies up to what is left.
   */
  private async walk(options: VerifyOptions): Promise<ChainWalker[]> {
    const walkers = new Map<string, ChainWalker>();
    const heads = new Map<string, bigint>();
    let events = 0;
    for await (const page of this.store.readStreamPages({ pageSize: options.pageSize })) {
      for (const h of page.heads) {
        walkers.set(h.streamId, new ChainWalker(h.streamId, h.firstRevision));
        heads.set(h.streamId, h.lastRevision);
      }
      for (const e of page.events) {
        let w = walkers.get(e.streamId);
        if (!w) walkers.set(e.streamId, (w = new ChainWalker(e.streamId)));
        w.add(e);
        events++;
      }
      options.onProgress?.({ streams: walkers.size, events });
    }
    // Events appended after their head was read are checked too; end() reports only what is missing up to the head.
    return [...walkers.entries()].map(([id, w]) => (w.end(heads.get(id)), w));
  }
}
