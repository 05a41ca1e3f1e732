import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { EventStore, RecordedEvent, StreamNotFoundError } from '@wenzheng/event-store';
import { streamName } from '@wenzheng/petition';
import { InvalidCursorError, cursorInstantSql, decodeCursor, encodeCursor } from '@wenzheng/read-models';
import { petitionViewTables } from '@wenzheng/read-models';
import { submitterKey } from '@wenzheng/read-models';
import { ReferenceDataService } from '@wenzheng/read-models';
import { EVENT_STORE, PG_POOL } from '@wenzheng/platform';
import { PetitionEventCodec } from '@wenzheng/petition-store';
import { DEFAULT_PAGE_SIZE, MyPetitionItem, MyPetitionPage } from './list-my-petitions.dto';
import { ListMyPetitionsQuery } from './list-my-petitions.query';
import { badInput } from '../../http/validation';

interface Row {
  petition_id: string;
  tracking_code: string;
  status: string;
  kind: string;
  department_id: string | null;
  submitted_at: Date;
  acknowledge_by: Date | null;
  respond_by: Date | null;
  responded_at: Date | null;
  closed_at: Date | null;
  close_reason: string | null;
  sort_at: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : undefined);

/**
 * The cases of the account recorded as submitter, from the `cases` read model (found by the
 * hash of the account id, never stored in clear there). The title is free text, kept out of
 * read models, so each item's title is read from the first event of its stream: the citizen's
 * own words, in clear for them (redacted once they had their data erased).
 */
@QueryHandler(ListMyPetitionsQuery)
export class ListMyPetitionsHandler implements IQueryHandler<ListMyPetitionsQuery, MyPetitionPage> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly codec: PetitionEventCodec,
    private readonly reference: ReferenceDataService,
  ) {}

  async execute({ userId, page }: ListMyPetitionsQuery): Promise<MyPetitionPage> {
    const key = submitterKey(userId) as string;
    // A cursor is good only for the account that was given it.
    const scope = `my-petitions:${key}`;
    let after;
    try {
      after = page.cursor ? decodeCursor(scope, page.cursor) : undefined;
    } catch (e) {
      if (e instanceof InvalidCursorError) throw badInput('cursor', 'cursor', 'invalid');
      throw e;
    }
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [key, limit + 1];
    const { rows } = await this.pool.query<Row>(
      `select petition_id, tracking_code, status, kind, department_id, submitted_at, acknowledge_by, respond_by, responded_at, closed_at,
              close_reason, ${cursorInstantSql('submitted_at')} as sort_at
         from ${petitionViewTables().cases}
        where submitter_user_id = $1
          ${after ? `and (submitted_at, petition_id) < ($${params.push(after.at)}::timestamptz, $${params.push(after.id)})` : ''}
        order by submitted_at desc, petition_id desc
        limit $2`,
      params,
    );
    const items = rows.slice(0, limit);
    const titles = await this.titles(items.map((r) => r.petition_id));
    const last = items.at(-1);
    return {
      items: items.map((r) => this.item(r, titles.get(r.petition_id) ?? '')),
      ...(rows.length > limit && last && { nextCursor: encodeCursor(scope, { at: last.sort_at, id: last.petition_id }) }),
    };
  }

  private item(r: Row, title: string): MyPetitionItem {
    const departmentName = r.department_id ? this.reference.department(r.department_id)?.name : undefined;
    const out: MyPetitionItem = {
      id: r.petition_id,
      trackingCode: r.tracking_code,
      title,
      status: r.status,
      kind: r.kind,
      submittedAt: r.submitted_at.toISOString(),
      departmentId: r.department_id ?? undefined,
      departmentName,
      acknowledgeBy: iso(r.acknowledge_by),
      respondBy: iso(r.respond_by),
      respondedAt: iso(r.responded_at),
      closedAt: iso(r.closed_at),
      closeReason: r.close_reason ?? undefined,
    };
    return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as MyPetitionItem;
  }

  private async titles(ids: readonly string[]): Promise<Map<string, string>> {
    const first = await Promise.all(
      ids.map((id) =>
        this.store.readStream(streamName(id), { maxCount: 1 }).then(
          (r) => r[0],
          (e: unknown) => {
            if (e instanceof StreamNotFoundError) return undefined; // deleted since it was projected
            throw e;
          },
        ),
      ),
    );
    const stored = first.filter((r): r is RecordedEvent => r !== undefined);
    await this.codec.prefetch(stored);
    const out = new Map<string, string>();
    for (const r of stored) {
      const e = await this.codec.decode(r);
      if (e.type === 'PetitionSubmitted') out.set(e.data.petitionId, e.data.title);
    }
    return out;
  }
}
