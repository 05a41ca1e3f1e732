import type { Pool, PoolClient } from 'pg';
import { STREAM_PREFIX } from '@wenzheng/petition';
import { ProjectedEvent, Projection, TableNames, liveTables } from '@wenzheng/projector';
import { petitionIdOf } from '../petition-stream';
import { StepCase, StepRow, applyToStepCase, emptyStepCase } from './public-steps.fold';

// Two tables: the published steps, one row per (petition, stream revision), and per petition the
// bookkeeping that decides whether it is public (with the steps held until its acceptance). A
// case's row remembers the last revision applied, so a redelivered event changes nothing; steps
// are inserted `on conflict do nothing` as a second line of defence.

export const PUBLIC_STEPS_TABLE = 'public_steps';
export const PUBLIC_STEP_CASES = 'public_step_cases';

export const publicStepsProjection: Projection = {
  name: 'public_steps',
  version: 1,
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
      held jsonb not null default '[]'
    )`);
  },

  async handle(client: PoolClient, events: readonly ProjectedEvent[], names: TableNames): Promise<void> {
    const ids = [...new Set(events.map(petitionIdOf).filter((id): id is string => id !== null))];
    if (!ids.length) return;
    const cases = new Map<string, StepCase>();
    const { rows } = await client.query(
      `select petition_id, last_revision, public_consent, reviewed, accepted, confidential, held
         from ${names[PUBLIC_STEP_CASES]} where petition_id = any($1::uuid[])`,
      [ids],
    );
    for (const r of rows) {
      cases.set(r.petition_id, {
        petitionId: r.petition_id, lastRevision: Number(r.last_revision), publicConsent: r.public_consent,
        reviewed: r.reviewed, accepted: r.accepted, confidential: r.confidential, held: r.held as StepRow[],
      });
    }
    const changed = new Set<string>();
    const withdrawn = new Set<string>();
    const published = new Map<string, StepRow[]>();
    for (const e of events) {
      const id = petitionIdOf(e);
      if (id === null) continue;
      let c = cases.get(id);
      if (!c) cases.set(id, (c = emptyStepCase(id)));
      const change = applyToStepCase(c, e);
      if (!change) continue;
      changed.add(id);
      if (change.withdraw) {
        withdrawn.add(id);
        published.delete(id);
      }
      if (change.publish.length) published.set(id, [...(published.get(id) ?? []), ...change.publish]);
    }
    if (!changed.size) return;

    const touched = [...changed].map((id) => cases.get(id) as StepCase);
    await client.query(
      `insert into ${names[PUBLIC_STEP_CASES]} as t (petition_id, last_revision, public_consent, reviewed, accepted, confidential, held)
       select x.petition_id, x.last_revision, x.public_consent, x.reviewed, x.accepted, x.confidential, x.held
         from jsonb_to_recordset($1::jsonb) as x(petition_id uuid, last_revision bigint, public_consent boolean, reviewed boolean,
              accepted boolean, confidential boolean, held jsonb)
       on conflict (petition_id) do update set
         last_revision = excluded.last_revision, public_consent = excluded.public_consent, reviewed = excluded.reviewed,
         accepted = excluded.accepted, confidential = excluded.confidential, held = excluded.held
       where t.last_revision < excluded.last_revision`,
      [JSON.stringify(touched.map((c) => ({
        petition_id: c.petitionId, last_revision: c.lastRevision, public_consent: c.publicConsent, reviewed: c.reviewed,
        accepted: c.accepted, confidential: c.confidential, held: c.held,
      })))],
    );
    if (withdrawn.size) await client.query(`delete from ${names[PUBLIC_STEPS_TABLE]} where petition_id = any($1::uuid[])`, [[...withdrawn]]);
    const steps = [...published.values()].flat();
    if (steps.length) {
      await client.query(
        `insert into ${names[PUBLIC_STEPS_TABLE]} (petition_id, revision, step, at, department_id, on_time, acknowledge_by, respond_by, automatic, level, satisfaction)
         select x.petition_id, x.revision, x.step, x.at, x.department_id, x.on_time, x.acknowledge_by, x.respond_by, x.automatic, x.level, x.satisfaction
           from jsonb_to_recordset($1::jsonb) as x(petition_id uuid, revision bigint, step text, at timestamptz, department_id text, on_time boolean,
                acknowledge_by timestamptz, respond_by timestamptz, automatic boolean, level integer, satisfaction text)
         on conflict (petition_id, revision) do nothing`,
        [JSON.stringify(steps.map((s) => ({
          petition_id: s.petitionId, revision: s.revision, step: s.step, at: s.at, department_id: s.departmentId, on_time: s.onTime,
          acknowledge_by: s.acknowledgeBy, respond_by: s.respondBy, automatic: s.automatic, level: s.level, satisfaction: s.satisfaction,
        })))],
      );
    }
  },
};

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

/** The published steps of a case, in the order they happened (none for a case that is not public). */
export async function readPublicSteps(pool: Pool, petitionId: string): Promise<PublicStepRecord[]> {
  const { rows } = await pool.query<PublicStepRecord>(
    `select step, at, department_id, on_time, acknowledge_by, respond_by, automatic, level, satisfaction
       from ${liveTables(publicStepsProjection)[PUBLIC_STEPS_TABLE]} where petition_id = $1 order by revision`,
    [petitionId],
  );
  return rows;
}
