import { Pool } from 'pg';
import { startApiProcess } from '../harness/api-process';
import { BENCH_JWT_SECRET, NO_TIMERS } from '../harness/runtime';
import { AssessmentResult, assessmentStep } from './assessment';
import { CaseSearchResult, caseSearchStep } from './case-search';
import { CatchUpResult, ReadModelState, bringProjectionsToHead, settleReadModels } from './projections';
import { DiskUse, diskUse } from './disk';
import { ReadsResult, readsStep } from './reads';

// The read steps as `npm run bench` runs them: projections brought to the head of the log first,
// the read models' state recorded with the figure, so the report can tell a figure measured on
// built read models from one measured on empty tables.

export interface Served {
  readonly baseUrl: string;
  stop(): Promise<number | undefined>;
}

export interface ReadsAtHeadResult extends ReadsResult {
  readonly catchUp: CatchUpResult;
  /** The read models right before the requests (nothing appends while they run). */
  readonly readModel: ReadModelState;
  readonly publicRows: number;
  readonly caseSearch: CaseSearchResult;
  readonly apiPeakRssMb?: number;
  /** The log and the read models on disk, measured after the requests. */
  readonly disk: DiskUse;
}

/** The real API in its own process, without its projector: the read models are already at the head. */
const apiProcess = async (databaseUrl: string): Promise<Served> =>
  startApiProcess({ DATABASE_URL: databaseUrl, AUTH_JWT_SECRET: BENCH_JWT_SECRET, PROJECTOR_ENABLED: 'false', ...NO_TIMERS });

export async function readsAtHeadStep(o: {
  databaseUrl: string;
  requests: number;
  year: number;
  warmup?: number;
  /** Starts the API on the database (default: the compiled API in its own process). */
  serve?: (databaseUrl: string) => Promise<Served>;
  log?: (m: string) => void;
}): Promise<ReadsAtHeadResult> {
  const catchUp = await bringProjectionsToHead({ databaseUrl: o.databaseUrl, log: o.log });
  await settleReadModels(o.databaseUrl);
  const api = await (o.serve ?? apiProcess)(o.databaseUrl);
  const pool = new Pool({ connectionString: o.databaseUrl, max: 1 });
  try {
    const r = await readsStep({ baseUrl: api.baseUrl, requests: o.requests, year: o.year, warmup: o.warmup });
    const caseSearch = await caseSearchStep({ baseUrl: api.baseUrl, pool, requests: o.requests, warmup: o.warmup });
    const apiPeakRssMb = await api.stop();
    return {
      ...r,
      catchUp,
      readModel: catchUp.state,
      publicRows: catchUp.state.publicRows,
      caseSearch,
      apiPeakRssMb,
      disk: await diskUse(pool),
    };
  } catch (e) {
    await api.stop();
    throw e;
  } finally {
    await pool.end();
  }
}

export interface ReportAtHeadResult extends AssessmentResult {
  readonly catchUp: CatchUpResult;
  readonly readModel: ReadModelState;
}

export async function reportAtHeadStep(o: {
  databaseUrl: string;
  year: number;
  runs?: number;
  log?: (m: string) => void;
}): Promise<ReportAtHeadResult> {
  const catchUp = await bringProjectionsToHead({ databaseUrl: o.databaseUrl, log: o.log });
  await settleReadModels(o.databaseUrl);
  const r = await assessmentStep({ databaseUrl: o.databaseUrl, year: o.year, runs: o.runs });
  return { ...r, catchUp, readModel: catchUp.state };
}
