import type { PoolClient } from 'pg';
import {
  Column,
  ProjectedEvent,
  Projection,
  RowChange,
  TableNames,
  notStoredBefore,
  recordsetOf,
  rowFromJson,
  singleStreamRowProjection,
  upsertNewer,
} from '@wenzheng/projector';
import {
  CaseRow,
  CommentRow,
  PendingTextRow,
  PetitionViewOutput,
  PetitionViewRow,
  PublicRow,
  evolvePetitionViews,
} from './petition-views.fold';
import {
  CASE_COLUMNS,
  CASE_TERMS_COLUMNS,
  COMMENT_COLUMNS,
  CaseTermsRow,
  PUBLIC_TERMS_COLUMNS,
  PublicTermsRow,
  PENDING_COLUMNS,
  PETITION_VIEW_TABLES,
  PUBLIC_COLUMNS,
  createPetitionViewTables,
} from './petition-views.tables';
import { DocumentTexts, documentVectors } from './segmenter';
import { petitionEventOf, petitionIdOf } from '../petition-stream';

/**
 * Read models of petitions: `cases` for back-office queues (no personal data, no free text),
 * `public_petitions` and `public_comments` for the sunshine listing (redacted, searchable), and
 * `pending_texts`, the redacted text of consented cases awaiting review. Fed the events as
 * published (PetitionEventCodec.decodePublished): the free text arrives redacted at write time.
 */
export class PetitionViewsProjection implements Projection {
  readonly name = 'petition_views';
  // 2: cases.submitter_user_id and the tracking_code index; 3: cases' search columns (GET /api/cases);
  // 4: public_petitions.hidden, answer_hidden and public_comments.hidden (内容管理) (rebuild);
  // 5: district_code, public_lat and public_lng (rounded) on public_petitions and pending_texts (rebuild);
  // 6: cases' 协办, 下派 and 承办人 columns (assisting_department_ids, assist_by, passed_down_to, handler_*) (rebuild);
  // 7: the leader's mailbox, cases.addressee_mailbox_id and public_petitions.mailbox_id (rebuild);
  // 8: cases.rated_by_call_back, the 待回访 queue (GET /api/queues/callbacks) (rebuild);
  // 9: cases.personal_data_erased, erased cases out of 待回访 (rebuild: a version 8 database has no such column)
  // (the GIN indexes over the words moved to case_terms and public_terms, filled from the rows' words,
  // by migration 1795697700000: no new version)
  readonly version = 9;
  readonly tables = PETITION_VIEW_TABLES;
  readonly filter = { streamPrefixes: ['petition-'] };
  private readonly rows: Projection = singleStreamRowProjection({
    name: this.name,
    version: this.version,
    tables: this.tables,
    filter: this.filter,
    createTables: createPetitionViewTables,
    keyOf: petitionIdOf,
    eventOf: petitionEventOf,
    evolve: evolvePetitionViews,
    load: loadPetitions,
    save: savePetitions,
  });

  createTables(client: PoolClient, names: TableNames): Promise<void> {
    return this.rows.createTables(client, names);
  }

  handle(client: PoolClient, events: readonly ProjectedEvent[], names: TableNames): Promise<void> {
    return this.rows.handle(client, events, names);
  }
}

async function loadPetitions(client: PoolClient, ids: readonly string[], names: TableNames): Promise<Map<string, PetitionViewRow>> {
  const { rows } = await client.query<{
    id: string;
    c: Record<string, unknown>;
    p: Record<string, unknown> | null;
    s: Record<string, unknown> | null;
  }>(
    // By primary key, row by row: joined to unnest(), the planner hashed the whole of cases and
    // public_petitions for each batch while they were small enough (a rebuild's fresh tables, up
    // to some 50,000 rows here), about 100 ms a page; a page's keys are mostly not there yet.
    `select c.petition_id as id, to_jsonb(c) - 'search' as c,
            (select to_jsonb(p) - 'search' from ${names.public_petitions} p where p.petition_id = c.petition_id) as p,
            (select to_jsonb(s) from ${names.pending_texts} s where s.petition_id = c.petition_id) as s
       from ${names.cases} c
      where c.petition_id = any($1::text[])`,
    [ids],
  );
  return new Map(
    rows.map((r) => {
      const c = rowFromJson(CASE_COLUMNS, r.c) as CaseRow;
      return [
        r.id,
        {
          lastRevision: c.lastRevision,
          case: c,
          public: rowFromJson(PUBLIC_COLUMNS, r.p) ?? null,
          pending: rowFromJson(PENDING_COLUMNS, r.s) ?? null,
        },
      ];
    }),
  );
}

async function savePetitions(
  client: PoolClient,
  changes: readonly RowChange<PetitionViewRow, PetitionViewOutput>[],
  names: TableNames,
): Promise<void> {
  const cases: CaseRow[] = [];
  const caseVectors: Array<string | null> = [];
  const caseTerms: CaseTermsRow[] = [];
  const newCaseTerms = new Set<CaseTermsRow>();
  const publicRows: PublicRow[] = [];
  const publicVectors: Array<string | null> = [];
  const publicTerms: PublicTermsRow[] = [];
  // Rows whose key had none stored at the batch's load: a rebuild sends them with COPY.
  const newPublic = new Set<PublicRow | PublicTermsRow>();
  const newPending = new Set<PendingTextRow>();
  const comments: CommentRow[] = [];
  const commentVisibility = new Map<string, boolean>();
  const pending: PendingTextRow[] = [];
  const unpublished: string[] = [];
  const unstaged: string[] = [];
  // The words of every text that changed in the batch, segmented together first (on a worker
  // thread when there are many: a rebuild's page, a catch-up's), then used in order below.
  const documents: DocumentTexts[] = [];
  const documentOf = (texts: DocumentTexts) => documents.push(texts) - 1;
  const caseDocuments: Array<number | undefined> = [];
  const publicDocuments: Array<number | undefined> = [];
  for (const { row, emitted } of changes) {
    const caseText = emitted.find((o) => o.kind === 'caseText');
    caseDocuments.push(caseText ? documentOf(caseText.text) : undefined);
    const p = row.public;
    // A hidden answer is not searchable either.
    publicDocuments.push(
      p && emitted.some((o) => o.kind === 'publicText') ? documentOf([p.title, p.content, p.answerHidden ? null : p.answer]) : undefined,
    );
  }
  const vectors = await documentVectors(documents);
  const vectorOf = (document: number | undefined) => (document === undefined ? null : vectors[document]);
  for (const [i, { key, loaded, row, emitted }] of changes.entries()) {
    const c = row.case;
    cases.push(c);
    // The words and the departments they are searched in: written when one of them changes only
    // (CaseTermsRow), at the revision of the event that changed them (the same whatever the
    // batches), a null vector keeping the stored one.
    const caseVector = vectorOf(caseDocuments[i]);
    caseVectors.push(caseVector);
    const caseRevision = lastRevisionOf(emitted, 'caseText', 'caseDepartments');
    if (caseRevision !== undefined) {
      const terms: CaseTermsRow = {
        petitionId: c.petitionId,
        departmentId: c.departmentId,
        dispatchedDepartmentIds: c.dispatchedDepartmentIds,
        submittedAt: c.submittedAt,
        lastRevision: caseRevision,
        search: caseVector,
      };
      caseTerms.push(terms);
      if (!loaded) newCaseTerms.add(terms);
    }
    if (row.public) {
      const p = row.public;
      publicRows.push(p);
      const published = !loaded?.public;
      if (published) newPublic.add(p);
      const vector = vectorOf(publicDocuments[i]);
      publicVectors.push(vector);
      const publicRevision = lastRevisionOf(emitted, 'publicText', 'publicDepartment');
      if (publicRevision !== undefined) {
        const terms: PublicTermsRow = {
          petitionId: p.petitionId,
          departmentId: p.departmentId,
          submittedAt: p.submittedAt,
          lastRevision: publicRevision,
          search: vector,
        };
        publicTerms.push(terms);
        if (published) newPublic.add(terms);
      }
      // Comments made while the case was public; a case withdrawn in the batch keeps none.
      for (const o of emitted) {
        if (o.kind === 'comment') comments.push(o.comment);
        else if (o.kind === 'commentHidden') commentVisibility.set(o.id, o.hidden); // the last in the batch wins
      }
    }
    if (row.pending) pending.push(row.pending);
    if (row.pending && !loaded?.pending) newPending.add(row.pending);
    if (loaded?.public && !row.public) unpublished.push(key);
    if (loaded?.pending && !row.pending) unstaged.push(key);
  }

  await upsertWithSearch(client, names.cases, CASE_COLUMNS, cases, caseVectors, notStoredBefore(changes));
  await upsertNewer(client, names.case_terms, CASE_TERMS_COLUMNS, caseTerms, {
    keepWhenNull: ['search'],
    isNew: (r) => newCaseTerms.has(r),
  });
  if (unpublished.length) {
    await client.query(`delete from ${names.public_comments} where petition_id = any($1::text[])`, [unpublished]);
    await client.query(`delete from ${names.public_terms} where petition_id = any($1::text[])`, [unpublished]);
    await client.query(`delete from ${names.public_petitions} where petition_id = any($1::text[])`, [unpublished]);
  }
  await upsertWithSearch(client, names.public_petitions, PUBLIC_COLUMNS, publicRows, publicVectors, (r) => newPublic.has(r));
  await upsertNewer(client, names.public_terms, PUBLIC_TERMS_COLUMNS, publicTerms, {
    keepWhenNull: ['search'],
    isNew: (r) => newPublic.has(r),
  });
  if (comments.length) {
    const u = recordsetOf(COMMENT_COLUMNS, comments);
    await client.query(
      `insert into ${names.public_comments} (${COMMENT_COLUMNS.map(([c]) => c).join(', ')}) select * from ${u.sql} on conflict (id) do nothing`,
      u.params,
    );
  }
  if (commentVisibility.size) {
    await client.query(
      `update ${names.public_comments} c set hidden = v.hidden from unnest($1::text[], $2::boolean[]) as v(id, hidden) where c.id = v.id`,
      [[...commentVisibility.keys()], [...commentVisibility.values()]],
    );
  }
  if (unstaged.length) await client.query(`delete from ${names.pending_texts} where petition_id = any($1::text[])`, [unstaged]);
  await upsertNewer(client, names.pending_texts, PENDING_COLUMNS, pending, { isNew: (r) => newPending.has(r) });
}

/** The revision of the last of these outputs in the batch, if any. */
function lastRevisionOf(emitted: readonly PetitionViewOutput[], ...kinds: PetitionViewOutput['kind'][]): number | undefined {
  let last: number | undefined;
  for (const o of emitted) if (kinds.includes(o.kind) && 'revision' in o && (last === undefined || o.revision > last)) last = o.revision;
  return last;
}

/**
 * upsert with a `search` vector per row (unindexed: the window's copy of the terms). A row whose
 * text did not change keeps its vector (null here).
 */
function upsertWithSearch<Row>(
  client: PoolClient,
  table: string,
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  vectors: ReadonlyArray<string | null>,
  isNew: (row: Row, index: number) => boolean,
): Promise<void> {
  const withSearch: Column<Row & { search: string | null }>[] = [...columns, ['search', 'tsvector', 'search']];
  return upsertNewer(
    client,
    table,
    withSearch,
    rows.map((r, i) => ({ ...r, search: vectors[i] })),
    { keepWhenNull: ['search'], isNew: (_, i) => isNew(rows[i], i) },
  );
}
