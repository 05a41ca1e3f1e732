import { Pool } from 'pg';
import type { EventStore } from '@wenzheng/event-store';
import {
  Projector,
  READ_MODEL_SCHEMA,
  ensureProjectorSchema,
  liveTables,
  projectionLag,
  readAllCheckpoints,
  rebuildProjections,
  Warmed,
} from '@wenzheng/projector';
import { PROJECTIONS, outboxKeptSinceAt } from '@wenzheng/read-models';
import { PetitionEventCodec } from '@wenzheng/petition-store';
import { SubjectKeyStore } from '@wenzheng/petition-store';
import { PhoneBlindIndex } from '@wenzheng/petition-store';
import { openRuntime } from '../harness/runtime';

// A read measured on a read model that was never built (or is still being built underneath the
// measurement) is not a figure: every read step first brings each projection to the head of the
// log, and records the state it measured on so the report can refuse a figure taken on an empty
// or lagging read model.

/** The read models as a read step found them, right before it measured. */
export interface ReadModelState {
  /** Events in the log. */
  readonly headEvents: number;
  /** Per projection: events after its checkpoint, and whether its live tables hold any row. */
  readonly projections: Record<string, { readonly lagEvents: number | null; readonly lagSeconds: number; readonly hasRows: boolean }>;
  /** Rows in the sunshine listing (GET /api/public/petitions). */
  readonly publicRows: number;
  /** Rows in the staff search (GET /api/cases). */
  readonly caseRows: number;
}

export interface CatchUpResult {
  readonly headEvents: number;
  /** Events each projection was behind before, by name. */
  readonly lagBefore: Record<string, number | null>;
  /** Rebuilt from the start of the log (bulk): the projections that had never projected or were far behind. */
  readonly rebuilt: string[];
  /** Brought the rest of the way by the live projector. */
  readonly projected: string[];
  /** After the rebuild's swap: the tables its projections name in `warm` read into memory (runs before 2026-12-05: not kept). */
  readonly warmed?: Warmed;
  readonly seconds: number;
  readonly state: ReadModelState;
}

export async function readModelState(pool: Pool, store: EventStore): Promise<ReadModelState> {
  const lag = await projectionLag(pool, store, PROJECTIONS);
  const count = async (table: string) => Number((await pool.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0].n);
  const projections: Record<string, ReadModelState['projections'][string]> = {};
  for (const p of PROJECTIONS) {
    let hasRows = false;
    for (const table of Object.values(liveTables(p))) {
      const { rows } = await pool.query<{ t: string | null }>('select to_regclass($1)::text as t', [table]);
      if (rows[0].t && (await pool.query(`select 1 from ${table} limit 1`)).rowCount) hasRows = true;
    }
    const l = lag.find((x) => x.projection === p.name);
    projections[p.name] = { lagEvents: l?.events ?? null, lagSeconds: l?.seconds ?? 0, hasRows };
  }
  const exists = async (table: string) =>
    (await pool.query<{ t: string | null }>('select to_regclass($1)::text as t', [table])).rows[0].t !== null;
  return {
    headEvents: (await store.countEvents()) ?? 0,
    projections,
    publicRows: (await exists('wz_rm.public_petitions')) ? await count('wz_rm.public_petitions') : 0,
    caseRows: (await exists('wz_rm.cases')) ? await count('wz_rm.cases') : 0,
  };
}

/**
 * The read models as autovacuum leaves them on a live system once their rows stop changing (a past
 * year's facts, say): vacuumed, so their pages are marked all-visible and an index holding every
 * column a statement reads (the report's missed-deadline candidates) answers without the table,
 * and analyzed. A rebuild's bulk-loaded tables have neither until then. The log is left as it is.
 */
export async function settleReadModels(databaseUrl: string): Promise<void> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ name: string }>(
      `select format('%I.%I', schemaname, tablename) as name from pg_tables where schemaname = $1 order by 1`,
      [READ_MODEL_SCHEMA],
    );
    for (const { name } of rows) await pool.query(`vacuum (analyze) ${name}`);
  } finally {
    await pool.end();
  }
}

/** Every projection at the head of the log: events after its checkpoint = 0. */
export const atHead = (s: ReadModelState) => Object.values(s.projections).every((p) => p.lagEvents === 0);

/**
 * Brings every projection to the head of the log and proves it from the checkpoints. A projection
 * that never projected, or is more than half the log behind, is rebuilt (`npm run rebuild`'s bulk
 * path, far quicker than the live projector from the start); the others are caught up by the live
 * projector, as the API runs it. Throws when a checkpoint is still short of the head afterwards.
 */
export async function bringProjectionsToHead(o: {
  databaseUrl: string;
  timeoutMs?: number;
  log?: (m: string) => void;
}): Promise<CatchUpResult> {
  const started = Date.now();
  const runtime = await openRuntime(o.databaseUrl, {}, PROJECTIONS.length + 2);
  try {
    const { pool, eventStore: store } = runtime;
    await ensureProjectorSchema(pool);
    const codec = new PetitionEventCodec(new SubjectKeyStore(pool), PhoneBlindIndex.fromConfig(runtime.config));
    const headEvents = (await store.countEvents()) ?? 0;
    const positions = new Map((await readAllCheckpoints(pool)).map((c) => [c.name, c.position]));
    const lag = await projectionLag(pool, store, PROJECTIONS);
    const lagBefore = Object.fromEntries(lag.map((l) => [l.projection, l.events]));
    const far = PROJECTIONS.filter((p) => {
      const behind = lagBefore[p.name];
      return behind !== 0 && (!positions.get(p.name) || behind === null || behind > headEvents / 2);
    });
    let warmed: Warmed | undefined;
    if (far.length) {
      o.log?.(`  rebuilding ${far.map((p) => `${p.name} (${lagBefore[p.name] ?? '?'} behind)`).join(', ')} of ${headEvents} events`);
      warmed = (
        await rebuildProjections(far, {
          pool,
          store,
          decode: codec.projectionDecoder,
          prefetch: (events) => codec.prefetch(events),
          keptSince: await outboxKeptSinceAt(pool, new Date(), runtime.config.notifyMaxAgeHours),
        })
      ).warmed;
    }
    const rebuilt = far.map((p) => p.name);
    const remaining = (await projectionLag(pool, store, PROJECTIONS)).filter((l) => l.events !== 0).map((l) => l.projection);
    if (remaining.length) {
      o.log?.(`  projecting ${remaining.join(', ')} to the head`);
      const projector = new Projector({ pool, store, projections: PROJECTIONS, decode: codec.projectionDecoder, log: o.log });
      await projector.start();
      try {
        const [head] = await store.readAll({ direction: 'backwards', maxCount: 1 });
        await projector.waitFor(head?.position, o.timeoutMs ?? 30 * 60_000);
      } finally {
        await projector.stop();
      }
    }
    const state = await readModelState(pool, store);
    if (!atHead(state)) {
      const short = Object.entries(state.projections)
        .filter(([, p]) => p.lagEvents !== 0)
        .map(([name, p]) => `${name} ${p.lagEvents ?? '?'} events behind`);
      throw new Error(`projections not at the head of the log after catching up: ${short.join(', ')}`);
    }
    return {
      headEvents,
      lagBefore,
      rebuilt,
      projected: remaining,
      ...(warmed && { warmed }),
      seconds: Math.round((Date.now() - started) / 100) / 10,
      state,
    };
  } finally {
    await runtime.close();
  }
}
