import type { PoolClient } from 'pg';
import { STREAM_PREFIX } from '@wenzheng/petition';
import { ProjectedEvent, Projection, TableNames, liveTables } from '@wenzheng/projector';
import { petitionIdOf } from '../petition-stream';
import { InboxCase, InboxItem, applyToInboxCase, emptyInboxCase, inboxItemsOf } from './supervisor-inbox.fold';

// Two tables: the folded case (its state as JSON, with the last revision applied, so a replayed
// event changes nothing) and the items derived from it, one row per petition and kind. A batch
// rewrites the items of the petitions it touched, so an item appears and disappears with the
// event that starts or ends it.

export const SUPERVISOR_INBOX = 'supervisor_inbox';
export const SUPERVISOR_INBOX_CASES = 'supervisor_inbox_cases';

export const supervisorInboxProjection: Projection = {
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

  async handle(client: PoolClient, events: readonly ProjectedEvent[], names: TableNames): Promise<void> {
    const ids = [...new Set(events.map(petitionIdOf).filter((id): id is string => id !== null))];
    if (!ids.length) return;
    const cases = new Map<string, InboxCase>();
    const { rows } = await client.query(`select petition_id, state from ${names[SUPERVISOR_INBOX_CASES]} where petition_id = any($1::uuid[])`, [ids]);
    for (const r of rows) cases.set(r.petition_id, r.state as InboxCase);
    const changed = new Set<string>();
    for (const e of events) {
      const id = petitionIdOf(e);
      if (id === null) continue;
      let c = cases.get(id);
      if (!c) cases.set(id, (c = emptyInboxCase(id)));
      if (applyToInboxCase(c, e)) changed.add(id);
    }
    if (!changed.size) return;
    const touched = [...changed].map((id) => cases.get(id) as InboxCase);
    await client.query(
      `insert into ${names[SUPERVISOR_INBOX_CASES]} as t (petition_id, last_revision, state)
       select x.petition_id, x.last_revision, x.state from jsonb_to_recordset($1::jsonb) as x(petition_id uuid, last_revision bigint, state jsonb)
       on conflict (petition_id) do update set last_revision = excluded.last_revision, state = excluded.state
       where t.last_revision < excluded.last_revision`,
      [JSON.stringify(touched.map((c) => ({ petition_id: c.petitionId, last_revision: c.lastRevision, state: c })))],
    );
    await client.query(`delete from ${names[SUPERVISOR_INBOX]} where petition_id = any($1::uuid[])`, [[...changed]]);
    const items: InboxItem[] = touched.flatMap(inboxItemsOf);
    if (!items.length) return;
    await client.query(
      `insert into ${names[SUPERVISOR_INBOX]} (petition_id, kind, since, department_id, tracking_code, title, petition_kind, detail)
       select x.petition_id, x.kind, x.since, x.department_id, x.tracking_code, x.title, x.petition_kind, x.detail
         from jsonb_to_recordset($1::jsonb) as x(petition_id uuid, kind text, since timestamptz, department_id text, tracking_code text,
              title text, petition_kind text, detail jsonb)`,
      [JSON.stringify(items.map((i) => ({
        petition_id: i.petitionId, kind: i.kind, since: i.since, department_id: i.departmentId, tracking_code: i.trackingCode,
        title: i.title, petition_kind: i.petitionKind, detail: i.detail,
      })))],
    );
  },
};

/** Physical name of the live items table, for the reader. */
export const supervisorInboxTable = (): string => liveTables(supervisorInboxProjection)[SUPERVISOR_INBOX];
