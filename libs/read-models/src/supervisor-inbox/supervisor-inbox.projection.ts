import type { PoolClient } from 'pg';
import { STREAM_PREFIX } from '@wenzheng/petition';
import {
  Column,
  Projection,
  TableNames,
  liveTables,
  notStoredBefore,
  recordsetOf,
  singleStreamRowProjection,
  upsertNewer,
} from '@wenzheng/projector';
import { petitionEventOf, petitionIdOf } from '../petition-stream';
import { InboxCase, InboxItem, evolveInboxCase, inboxItemsOf } from './supervisor-inbox.fold';

// Two tables: the folded case (its state as JSON, with the last revision applied, so a replayed
// event changes nothing) and the items derived from it, one row per petition and kind. A batch
// rewrites the items of the petitions it touched, so an item appears and disappears with the
// event that starts or ends it.

export const SUPERVISOR_INBOX = 'supervisor_inbox';
export const SUPERVISOR_INBOX_CASES = 'supervisor_inbox_cases';

const CASE_COLUMNS: readonly Column<{ petitionId: string; lastRevision: number; state: InboxCase }>[] = [
  ['petition_id', 'uuid', 'petitionId'],
  ['last_revision', 'bigint', 'lastRevision'],
  ['state', 'jsonb', 'state'],
];

const ITEM_COLUMNS: readonly Column<InboxItem>[] = [
  ['petition_id', 'uuid', 'petitionId'],
  ['kind', 'text', 'kind'],
  ['since', 'timestamptz', 'since'],
  ['department_id', 'text', 'departmentId'],
  ['tracking_code', 'text', 'trackingCode'],
  ['title', 'text', 'title'],
  ['petition_kind', 'text', 'petitionKind'],
  ['detail', 'jsonb', 'detail'],
];

export const supervisorInboxProjection: Projection = singleStreamRowProjection({
  name: 'supervisor_inbox',
  version: 1,
  tables: [SUPERVISOR_INBOX, SUPERVISOR_INBOX_CASES],
  filter: { streamPrefixes: [STREAM_PREFIX] },

  async createTables(client: PoolClient, names: TableNames): Promise<void> {
    // Indexes unnamed: a rebuild's tables are renamed into place.
    await client.query(`create table if not exists ${names[SUPERVISOR_INBOX_CASES]} (
      petition_id uuid primary key,
      last_revision bigint not null,
      state jsonb not null
    )`);
    await client.query(`create table if not exists ${names[SUPERVISOR_INBOX]} (
      petition_id uuid not null,
      kind text not null,
      since timestamptz not null,
      department_id text null,
      tracking_code text not null,
      title text not null,
      petition_kind text not null,
      detail jsonb not null default '{}',
      primary key (petition_id, kind)
    )`);
    await client.query(`create index on ${names[SUPERVISOR_INBOX]} (since, petition_id, kind)`);
    await client.query(`create index on ${names[SUPERVISOR_INBOX]} (kind, since, petition_id)`);
  },

  keyOf: petitionIdOf,
  eventOf: petitionEventOf,
  evolve: evolveInboxCase,
  async load(client, ids, names) {
    const { rows } = await client.query(
      `select petition_id, state from ${names[SUPERVISOR_INBOX_CASES]} where petition_id = any($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.petition_id as string, r.state as InboxCase]));
  },
  async save(client, changes, names) {
    const touched = changes.map((c) => c.row);
    await upsertNewer(
      client,
      names[SUPERVISOR_INBOX_CASES],
      CASE_COLUMNS,
      touched.map((c) => ({ petitionId: c.petitionId, lastRevision: c.lastRevision, state: c })),
      { isNew: notStoredBefore(changes) },
    );
    await client.query(`delete from ${names[SUPERVISOR_INBOX]} where petition_id = any($1::uuid[])`, [touched.map((c) => c.petitionId)]);
    const items = touched.flatMap(inboxItemsOf);
    if (!items.length) return;
    const u = recordsetOf(ITEM_COLUMNS, items);
    await client.query(
      `insert into ${names[SUPERVISOR_INBOX]} (${ITEM_COLUMNS.map(([c]) => c).join(', ')}) select * from ${u.sql}`,
      u.params,
    );
  },
});

/** Physical name of the live items table, for the reader. */
export const supervisorInboxTable = (): string => liveTables(supervisorInboxProjection)[SUPERVISOR_INBOX];
