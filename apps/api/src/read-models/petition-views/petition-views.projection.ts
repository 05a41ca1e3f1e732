import type { PoolClient } from 'pg';
import type { ProjectedEvent, Projection, TableNames } from '@wenzheng/projector';
import {
  CaseRow, CommentRow, LoadedPetition, PendingTextRow, PetitionChanges, PublicRow, foldPetition, petitionIdOf,
} from './petition-views.fold';
import {
  CASE_COLUMNS, COMMENT_COLUMNS, Column, PENDING_COLUMNS, PETITION_VIEW_TABLES, PUBLIC_COLUMNS, createPetitionViewTables, recordsetOf, rowFromJson,
} from './petition-views.tables';
import { documentVector } from './search-terms';

/**
 * Read models of petitions: `cases` for back-office queues (no personal data, no free text),
 * `public_petitions` and `public_comments` for the sunshine listing (redacted, searchable), and
 * `pending_texts`, the redacted text of consented cases awaiting review. Fed the events as
 * published (PetitionEventCodec.decodePublished): the free text arrives redacted at write time.
 */
export class PetitionViewsProjection implements Projection {
  readonly name = 'petition_views';
  readonly version = 3; // 2: cases.submitter_user_id and the tracking_code index; 3: cases' search columns (GET /api/cases) (rebuild)
  readonly tables = PETITION_VIEW_TABLES;
  readonly filter = { streamPrefixes: ['petition-'] };
  createTables(client: PoolClient, names: TableNames): Promise<void> {
    return createPetitionViewTables(client, names);
  }

  async handle(client: PoolClient, events: readonly ProjectedEvent[], names: TableNames): Promise<void> {
    const byPetition = new Map<string, ProjectedEvent[]>();
    for (const e of events) {
      const id = petitionIdOf(e);
      const list = byPetition.get(id);
      if (list) list.push(e);
      else byPetition.set(id, [e]);
    }
    const ids = [...byPetition.keys()];
    const loaded = await this.load(client, ids, names);

    const changes: PetitionChanges[] = [];
    for (const [id, list] of byPetition) {
      // A stream's events arrive in revision order, but a batch assembled by hand might not.
      list.sort((a, b) => (a.recorded.revision < b.recorded.revision ? -1 : a.recorded.revision > b.recorded.revision ? 1 : 0));
      changes.push(foldPetition(id, loaded.get(id) ?? {}, list));
    }
    await this.write(client, changes, names);
  }

  private async load(client: PoolClient, ids: readonly string[], names: TableNames): Promise<Map<string, LoadedPetition>> {
    const { rows } = await client.query<{ id: string; c: Record<string, unknown> | null; p: Record<string, unknown> | null; s: Record<string, unknown> | null }>(
      `select ids.id, to_jsonb(c) - 'search' as c, to_jsonb(p) - 'search' as p, to_jsonb(s) as s
         from unnest($1::text[]) as ids(id)
         left join ${names.cases} c on c.petition_id = ids.id
         left join ${names.public_petitions} p on p.petition_id = ids.id
         left join ${names.pending_texts} s on s.petition_id = ids.id
        where c.petition_id is not null or p.petition_id is not null or s.petition_id is not null`,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        { case: rowFromJson(CASE_COLUMNS, r.c), public: rowFromJson(PUBLIC_COLUMNS, r.p), pending: rowFromJson(PENDING_COLUMNS, r.s) },
      ]),
    );
  }

  private async write(client: PoolClient, changes: readonly PetitionChanges[], names: TableNames): Promise<void> {
    const cases: CaseRow[] = [];
    const caseVectors: Array<string | null> = [];
    const publicRows: PublicRow[] = [];
    const vectors: Array<string | null> = [];
    const comments: CommentRow[] = [];
    const pending: PendingTextRow[] = [];
    const unpublished: string[] = [];
    const unstaged: string[] = [];
    for (const ch of changes) {
      if (ch.case) {
        cases.push(ch.case);
        caseVectors.push(ch.caseText ? documentVector(...ch.caseText) : null);
      }
      if (ch.publicUpsert) {
        publicRows.push(ch.publicUpsert);
        const p = ch.publicUpsert;
        vectors.push(ch.publicTextChanged ? documentVector(p.title, p.content, p.answer) : null);
      }
      comments.push(...ch.comments);
      if (ch.pendingUpsert) pending.push(ch.pendingUpsert);
      if (ch.publicDelete) unpublished.push(ch.petitionId);
      if (ch.pendingDelete) unstaged.push(ch.petitionId);
    }

    if (cases.length) await upsertWithSearch(client, names.cases, CASE_COLUMNS, cases, caseVectors);
    if (unpublished.length) {
      await client.query(`delete from ${names.public_comments} where petition_id = any($1::text[])`, [unpublished]);
      await client.query(`delete from ${names.public_petitions} where petition_id = any($1::text[])`, [unpublished]);
    }
    if (publicRows.length) {
      await upsertWithSearch(client, names.public_petitions, PUBLIC_COLUMNS, publicRows, vectors);
    }
    if (comments.length) {
      const u = recordsetOf(COMMENT_COLUMNS, comments);
      await client.query(
        `insert into ${names.public_comments} (${COMMENT_COLUMNS.map(([c]) => c).join(', ')}) select * from ${u.sql} on conflict (id) do nothing`,
        u.params,
      );
    }
    if (unstaged.length) await client.query(`delete from ${names.pending_texts} where petition_id = any($1::text[])`, [unstaged]);
    if (pending.length) await upsert(client, names.pending_texts, PENDING_COLUMNS, pending);
  }
}

/**
 * upsert with a `search` vector per row. A row whose text did not change keeps its vector (null
 * here): building and indexing it again is most of the cost of a row.
 */
async function upsertWithSearch<Row>(
  client: PoolClient, table: string, columns: readonly Column<Row>[], rows: readonly Row[], vectors: ReadonlyArray<string | null>,
): Promise<void> {
  const withSearch: Column<Row & { search: string | null }>[] = [...columns, ['search', 'tsvector', 'search']];
  const u = recordsetOf(withSearch, rows.map((r, i) => ({ ...r, search: vectors[i] })));
  const cols = withSearch.map(([c]) => c);
  await client.query(
    `insert into ${table} as t (${cols.join(', ')}) select * from ${u.sql}
     on conflict (petition_id) do update set ${cols.slice(1).map((c) => (c === 'search' ? `search = coalesce(excluded.search, t.search)` : `${c} = excluded.${c}`)).join(', ')}
      where t.last_revision < excluded.last_revision`,
    u.params,
  );
}

/** Insert or update by petition_id; a row already at a later revision is left alone. */
async function upsert<Row>(client: PoolClient, table: string, columns: readonly Column<Row>[], rows: readonly Row[]): Promise<void> {
  const u = recordsetOf(columns, rows);
  const cols = columns.map(([c]) => c);
  await client.query(
    `insert into ${table} as t (${cols.join(', ')}) select * from ${u.sql}
     on conflict (petition_id) do update set ${cols.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}
      where t.last_revision < excluded.last_revision`,
    u.params,
  );
}
