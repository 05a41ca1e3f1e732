import type { Pool, PoolClient } from 'pg';
import { STREAM_PREFIX } from '@wenzheng/petition';
import {
  Column,
  Projection,
  TableNames,
  liveTables,
  loadRows,
  notStoredBefore,
  insertNew,
  singleStreamRowProjection,
  upsertNewer,
} from '@wenzheng/projector';
import { petitionEventOf, petitionIdOf } from '../petition-stream';
import { StepCase, StepRow, evolveStepCase } from './public-steps.fold';

// Two tables: the published steps, one row per (petition, stream revision), and per petition the
// bookkeeping that decides whether it is public (with the steps held until its acceptance). A
// case's row remembers the last revision applied, so a redelivered event changes nothing; steps
// are inserted `on conflict do nothing` as a second line of defence.

export const PUBLIC_STEPS_TABLE = 'public_steps';
export const PUBLIC_STEP_CASES = 'public_step_cases';

const CASE_COLUMNS: readonly Column<StepCase>[] = [
  ['petition_id', 'uuid', 'petitionId'],
  ['last_revision', 'bigint', 'lastRevision'],
  ['public_consent', 'boolean', 'publicConsent'],
  ['reviewed', 'boolean', 'reviewed'],
  ['accepted', 'boolean', 'accepted'],
  ['confidential', 'boolean', 'confidential'],
  ['hidden', 'boolean', 'hidden'],
  ['held', 'jsonb', 'held'],
];

const STEP_COLUMNS: readonly Column<StepRow>[] = [
  ['petition_id', 'uuid', 'petitionId'],
  ['revision', 'bigint', 'revision'],
  ['step', 'text', 'step'],
  ['at', 'timestamptz', 'at'],
  ['department_id', 'text', 'departmentId'],
  ['on_time', 'boolean', 'onTime'],
  ['acknowledge_by', 'timestamptz', 'acknowledgeBy'],
  ['respond_by', 'timestamptz', 'respondBy'],
  ['automatic', 'boolean', 'automatic'],
  ['level', 'int', 'level'],
  ['satisfaction', 'text', 'satisfaction'],
];

export const publicStepsProjection: Projection = singleStreamRowProjection({
  name: 'public_steps',
  version: 2, // 2: public_step_cases.hidden (内容管理) (rebuild)
  tables: [PUBLIC_STEPS_TABLE, PUBLIC_STEP_CASES],
  filter: { streamPrefixes: [STREAM_PREFIX] },

  async createTables(client: PoolClient, names: TableNames): Promise<void> {
    await client.query(`create table if not exists ${names[PUBLIC_STEPS_TABLE]} (
      petition_id uuid not null,
      revision bigint not null,
      step text not null,
      at timestamptz not null,
      department_id text null,
      on_time boolean null,
      acknowledge_by timestamptz null,
      respond_by timestamptz null,
      automatic boolean null,
      level integer null,
      satisfaction text null,
      primary key (petition_id, revision)
    )`);
    await client.query(`create table if not exists ${names[PUBLIC_STEP_CASES]} (
      petition_id uuid primary key,
      last_revision bigint not null,
      public_consent boolean not null,
      reviewed boolean not null,
      accepted boolean not null,
      confidential boolean not null,
      hidden boolean not null default false,
      held jsonb not null default '[]'
    )`);
  },

  keyOf: petitionIdOf,
  eventOf: petitionEventOf,
  evolve: evolveStepCase,
  load: (client, ids, names) => loadRows(client, names[PUBLIC_STEP_CASES], CASE_COLUMNS, ids),
  async save(client, changes, names) {
    await upsertNewer(
      client,
      names[PUBLIC_STEP_CASES],
      CASE_COLUMNS,
      changes.map((c) => c.row),
      { isNew: notStoredBefore(changes) },
    );
    const withdrawn: string[] = [];
    const steps: StepRow[] = [];
    for (const { key, emitted } of changes) {
      // A withdrawal takes back what was published before it, in the table and in this batch.
      const last = emitted.lastIndexOf('withdraw');
      if (last >= 0) withdrawn.push(key);
      for (const out of emitted.slice(last + 1)) if (out !== 'withdraw') steps.push(out);
    }
    if (withdrawn.length) await client.query(`delete from ${names[PUBLIC_STEPS_TABLE]} where petition_id = any($1::uuid[])`, [withdrawn]);
    await insertNew(client, names[PUBLIC_STEPS_TABLE], STEP_COLUMNS, steps, ['petitionId', 'revision']);
  },
});

/** A published step as the table holds it. */
export interface PublicStepRecord {
  step: string;
  at: Date;
  department_id: string | null;
  on_time: boolean | null;
  acknowledge_by: Date | null;
  respond_by: Date | null;
  automatic: boolean | null;
  level: number | null;
  satisfaction: string | null;
}

/** The published steps of a case, in the order they happened (none for a case that is not public, or hidden). */
export async function readPublicSteps(pool: Pool, petitionId: string): Promise<PublicStepRecord[]> {
  const t = liveTables(publicStepsProjection);
  const { rows } = await pool.query<PublicStepRecord>(
    `select s.step, s.at, s.department_id, s.on_time, s.acknowledge_by, s.respond_by, s.automatic, s.level, s.satisfaction
       from ${t[PUBLIC_STEPS_TABLE]} s
      where s.petition_id = $1
        and not exists (select 1 from ${t[PUBLIC_STEP_CASES]} c where c.petition_id = s.petition_id and c.hidden)
      order by s.revision`,
    [petitionId],
  );
  return rows;
}
