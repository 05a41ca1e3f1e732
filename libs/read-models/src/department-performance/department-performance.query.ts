import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { liveTables, readCheckpoint } from '@wenzheng/projector';
import type { Position } from '@wenzheng/event-store';
import {
  Assessment,
  ConsultationSummaryFact,
  DeadlineFact,
  DeadlineKind,
  DepartmentEventFact,
  DepartmentEventType,
  Satisfaction,
  ScoringWeights,
  UnassessedDepartment,
  assess,
  unassessedDepartments,
} from '@wenzheng/scoring';
import { PG_POOL } from '@wenzheng/platform';
import { ReferenceDataService } from '../reference/reference-data.service';
import { DEADLINE_FACTS, EVENT_FACTS, departmentPerformanceProjection } from './department-performance.projection';
import { consultationSummaryFacts } from '../consultations/consultation-summary-facts.projection';

/** The weights of the default score; configuration, provided by the module (see DepartmentPerformanceModule). */
export const SCORING_WEIGHTS = Symbol('SCORING_WEIGHTS');

export interface AssessOptions {
  /** Inclusive start, an Asia/Shanghai midnight (see monthPeriod in @wenzheng/scoring). */
  readonly from: Date;
  /** Exclusive end. */
  readonly to: Date;
  /** Report time: deadlines not passed by then are pending. */
  readonly now: Date;
  /** Internal reports: true. Anything public: false (涉密 cases never reach it). */
  readonly includeConfidential: boolean;
  /** Defaults to the configured weights. */
  readonly weights?: ScoringWeights;
}

export interface PeriodFacts {
  readonly deadlines: DeadlineFact[];
  readonly events: DepartmentEventFact[];
  /** Consultation feedback summaries due in the period (projected from consultation streams). */
  readonly consultationSummaries: ConsultationSummaryFact[];
}

/**
 * Loads the department_performance facts of a period and scores them with @wenzheng/scoring.
 * Rankings score through assess(); the assessment report (AssessmentReportQuery) counts the same
 * rows in SQL with the same rules, calendar, names and weights, but counts confidential cases,
 * which rankings leave out: the two differ by those cases.
 */
@Injectable()
export class DepartmentPerformanceQuery {
  private readonly tables = liveTables(departmentPerformanceProjection);

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly reference: ReferenceDataService,
    @Inject(SCORING_WEIGHTS) private readonly weights: ScoringWeights,
  ) {}

  async assess(options: AssessOptions): Promise<Assessment> {
    const facts = await this.facts(options);
    const calendar = this.reference.calendar();
    return assess({
      from: options.from,
      to: options.to,
      now: options.now,
      weights: options.weights ?? this.weights,
      includeConfidential: options.includeConfidential,
      deadlines: facts.deadlines,
      events: facts.events,
      consultationSummaries: facts.consultationSummaries,
      workingDaysBetween: (a, b) => calendar.workingDaysBetween(a, b),
      departmentName: (id) => this.reference.departmentName(id),
    });
  }

  /** The active departments listed apart from a ranking: no case of theirs counted in the period (unassessedDepartments). */
  unassessed(ranked: readonly { readonly departmentId: string }[]): UnassessedDepartment[] {
    return unassessedDepartments(this.reference.departments(), ranked);
  }

  /** The fact rows of [from, to): deadlines by due time, events by their time; one snapshot for both. */
  async facts(options: Pick<AssessOptions, 'from' | 'to' | 'includeConfidential'>): Promise<PeriodFacts> {
    const params = [options.from.toISOString(), options.to.toISOString(), options.includeConfidential];
    const client = await this.pool.connect();
    try {
      await client.query('begin isolation level repeatable read read only');
      const deadlines = await client.query(
        `select source_event_id, kind, petition_id, tracking_code, department_id, confidential, due_at, set_at,
                act_event_id, act_at, missed_event_id, missed_at, superseded_by_event_id, superseded_at, withdrawn_by_event_id, withdrawn_at
           from ${this.tables[DEADLINE_FACTS]}
          where due_at >= $1 and due_at < $2 and ($3 or not confidential)
          order by due_at, source_event_id, kind`,
        params,
      );
      const events = await client.query(
        `select event_id, type, petition_id, tracking_code, department_id, confidential, at, satisfaction, due_at, started_at
           from ${this.tables[EVENT_FACTS]}
          where at >= $1 and at < $2 and ($3 or not confidential)
          order by at, event_id`,
        params,
      );
      const consultationSummaries = await consultationSummaryFacts(client, options.from, options.to);
      await client.query('commit');
      return {
        deadlines: deadlines.rows.map((r): DeadlineFact => ({
          sourceEventId: r.source_event_id,
          kind: r.kind as DeadlineKind,
          petitionId: r.petition_id,
          trackingCode: r.tracking_code,
          departmentId: r.department_id,
          confidential: r.confidential,
          dueAt: r.due_at,
          setAt: r.set_at,
          actEventId: r.act_event_id,
          actAt: r.act_at,
          missedEventId: r.missed_event_id,
          missedAt: r.missed_at,
          supersededByEventId: r.superseded_by_event_id,
          supersededAt: r.superseded_at,
          withdrawnByEventId: r.withdrawn_by_event_id,
          withdrawnAt: r.withdrawn_at,
        })),
        events: events.rows.map((r): DepartmentEventFact => ({
          eventId: r.event_id,
          type: r.type as DepartmentEventType,
          petitionId: r.petition_id,
          trackingCode: r.tracking_code,
          departmentId: r.department_id,
          confidential: r.confidential,
          at: r.at,
          satisfaction: r.satisfaction as Satisfaction | null,
          dueAt: r.due_at,
          startedAt: r.started_at,
        })),
        consultationSummaries,
      };
    } catch (e) {
      await client.query('rollback').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  /** Where the projection stands: a figure computed at the same position and time is still current. */
  async position(): Promise<Position | undefined> {
    return (await readCheckpoint(this.pool, departmentPerformanceProjection.name))?.position;
  }
}
