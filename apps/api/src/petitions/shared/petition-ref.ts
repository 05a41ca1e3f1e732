import { Inject, Injectable, PipeTransform } from '@nestjs/common';
import type { Pool } from 'pg';
import type { EventStore, Position } from '@wenzheng/event-store';
import { CHECKPOINTS } from '@wenzheng/projector';
import { parseTrackingCode } from '@wenzheng/petition';
import { petitionViewTables, petitionViews } from '@wenzheng/read-models';
import { EVENT_STORE, PG_POOL } from '@wenzheng/platform';
import { isUuid } from './command-request';
import { badInput } from '../../http/validation';

export const PETITION_REF_RULE = 'ref: must be a petition id (UUID) or a tracking code WZyyyymmdd-XXXXXXXXXX';

/** `:ref` of a citizen's route, resolved. */
export interface PetitionRef {
  /**
   * The petition id to load. An unknown tracking code is kept here as it is: it names no stream,
   * so every route answers it exactly as it answers an unknown id (404), without a branch of its own.
   */
  readonly id: string;
  /** What the caller named (canonical form), the only thing a 404 may repeat. */
  readonly ref: string;
}

/** Events of the store read past the read model's checkpoint, at most, to find a fresh tracking code. */
const LAG_SCAN_LIMIT = 2_000;
const LAG_PAGE = 500;

/**
 * Tracking code → petition id. The `cases` read model answers for everything its projection has
 * processed; a case submitted since (the projector's lag, milliseconds when healthy) is found by
 * reading the store's log after that projection's checkpoint, so a citizen who just submitted
 * can follow their case at once. The case row and the checkpoint are read in one statement (one
 * snapshot, and the projector commits both together), so nothing falls between the two reads.
 * The log is read with the events it holds back for its order (includeHeldBack): every event
 * below the checkpoint is in the read model, and every one committed above it is in that read.
 */
@Injectable()
export class PetitionRefResolver {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** `:ref` as a route is given it: the id to load and the canonical form; undefined when malformed. */
  async resolve(value: string): Promise<PetitionRef | undefined> {
    const ref = canonicalRef(value);
    if (!ref) return undefined;
    if (isUuid(ref)) return { id: ref, ref };
    return { id: (await this.idOf(ref)) ?? ref, ref };
  }

  async idOf(trackingCode: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ petition_id: string | null; commit: string | null; prepare: string | null }>(
      `select (select petition_id from ${petitionViewTables().cases} where tracking_code = $1 limit 1) as petition_id,
              cp.commit_position::text as commit, cp.prepare_position::text as prepare
         from (select 1) as one left join ${CHECKPOINTS} cp on cp.name = $2`,
      [trackingCode, petitionViews.name],
    );
    const row = rows[0];
    if (row?.petition_id) return row.petition_id;
    const checkpoint =
      row?.commit != null && row.prepare != null ? { commit: BigInt(row.commit), prepare: BigInt(row.prepare) } : undefined;
    return this.submittedSince(checkpoint, trackingCode);
  }

  private async submittedSince(checkpoint: Position | undefined, trackingCode: string): Promise<string | undefined> {
    let from: Position | 'start' = checkpoint ?? 'start';
    for (let scanned = 0; scanned < LAG_SCAN_LIMIT; scanned += LAG_PAGE) {
      // With the events held back for the log's order: a case whose submit committed while an older
      // transaction (a projector's page, say) was still open is found at once, not after that one ends.
      const page = await this.store.readAll({ fromPosition: from, maxCount: LAG_PAGE, includeHeldBack: true });
      for (const e of page) {
        // The tracking code is stored in clear (only the citizen block and the free text are sealed).
        const data = e.data as { trackingCode?: unknown; petitionId?: unknown } | null;
        if (e.type === 'PetitionSubmitted' && data?.trackingCode === trackingCode && typeof data.petitionId === 'string')
          return data.petitionId;
      }
      if (page.length < LAG_PAGE) return undefined;
      from = page[page.length - 1].position;
    }
    return undefined; // the projector is far behind: the case answers as unknown until it catches up
  }
}

/**
 * `:ref` of a citizen's route: a petition id (UUID) or a tracking code as the SMS gives it (any
 * case, Crockford look-alikes accepted). Anything else is 400 naming the parameter.
 */
@Injectable()
export class PetitionRefPipe implements PipeTransform<string, Promise<PetitionRef>> {
  constructor(private readonly resolver: PetitionRefResolver) {}

  async transform(value: string): Promise<PetitionRef> {
    const resolved = await this.resolver.resolve(value);
    if (!resolved) throw badInput('ref', 'isPetitionRef', PETITION_REF_RULE.replace(/^ref: /, ''));
    return resolved;
  }
}

/** A `:ref` in its canonical form (a lower-case id, or the tracking code as the SMS gives it); undefined when malformed. */
export function canonicalRef(value: string): string | undefined {
  // (not narrowed by the guard: `value` stays a string for the tracking-code branch)
  if (isUuid(value as unknown)) return value.toLowerCase();
  return parseTrackingCode(value);
}
