import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { isConsultationDomainError, summaryOverdue } from '@wenzheng/consultation';
import { PG_POOL } from '@wenzheng/platform';
import { Clock } from '@wenzheng/petition-store';
import { ConsultationCommandRunner } from '@wenzheng/command-runner';
import { CONSULTATIONS, consultationTables } from '@wenzheng/read-models';

const SYSTEM = { id: 'system', role: 'system' } as const;

/**
 * The clock-driven side of consultations: closes those whose period is over and proposes the red
 * light for a summary not published by summaryDueBy. It reads the consultations read model and
 * proposes commands as `system`, with command ids derived from the consultation and the due
 * instant, so several watchers append each event once; the decider has the last word (the rule
 * itself is `summaryOverdue`, exported by the domain).
 */
@Injectable()
export class ConsultationWatcher {
  private readonly logger = new Logger('consultation-watcher');

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly runner: ConsultationCommandRunner,
    private readonly clock: Clock,
  ) {}

  async runOnce(): Promise<{ closed: number; overdue: number }> {
    const now = this.clock.now();
    const t = consultationTables()[CONSULTATIONS];
    const toClose = await this.pool.query<{ id: string }>(
      `select consultation_id::text as id from ${t} where status = 'open' and closes_at <= $1 order by closes_at limit 500`,
      [now],
    );
    // The index narrows to candidates due by now; whether one is overdue is the domain's rule.
    const candidates = await this.pool.query<{ id: string; due: Date }>(
      `select consultation_id::text as id, summary_due_by as due from ${t}
        where summary_published_at is null and summary_overdue_at is null and summary_due_by <= $1 order by summary_due_by limit 500`,
      [now],
    );
    const overdue = candidates.rows.filter(({ due }) => summaryOverdue(due.toISOString(), now));
    let closed = 0;
    let marked = 0;
    for (const { id } of toClose.rows) {
      if (await this.propose(id, `consultation-close:${id}`, 'CloseConsultation')) closed++;
    }
    for (const { id, due } of overdue) {
      if (await this.propose(id, `consultation-summary-overdue:${id}:${due.toISOString()}`, 'MarkSummaryOverdue')) marked++;
    }
    return { closed, overdue: marked };
  }

  private async propose(id: string, commandId: string, type: 'CloseConsultation' | 'MarkSummaryOverdue'): Promise<boolean> {
    try {
      const r = await this.runner.execute(id, (context) => ({ type, data: { consultationId: id }, context }), { commandId, actor: SYSTEM });
      return !r.replayed && r.events.length > 0;
    } catch (e) {
      // The read model lags the stream: the decider refusing is the normal answer then.
      if (isConsultationDomainError(e)) return false;
      this.logger.warn(`${type} on consultation ${id} failed: ${e instanceof Error ? e.name : 'error'}`);
      return false;
    }
  }
}
