import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { isSurveyDomainError } from '@wenzheng/survey';
import { PG_POOL } from '@wenzheng/platform';
import { Clock } from '@wenzheng/petition-store';
import { SurveyCommandRunner } from '@wenzheng/command-runner';
import { SURVEYS, surveyTables } from '@wenzheng/read-models';

const SYSTEM = { id: 'system', role: 'system' } as const;

/**
 * Closes the surveys whose period is over (SurveyClosed, automatic). It reads the surveys read
 * model for candidates and proposes CloseSurvey as `system` with a command id derived from the
 * survey, so several watchers (API and worker) append it once; the decider refuses a survey whose
 * period still runs (the read model may lag, the clock may differ), and that refusal is normal.
 */
@Injectable()
export class SurveyWatcher {
  private readonly logger = new Logger('survey-watcher');

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly runner: SurveyCommandRunner,
    private readonly clock: Clock,
  ) {}

  async runOnce(): Promise<{ closed: number }> {
    const { rows } = await this.pool.query<{ id: string }>(
      `select survey_id::text as id from ${surveyTables()[SURVEYS]} where status = 'open' and closes_at <= $1 order by closes_at limit 500`,
      [this.clock.now()],
    );
    let closed = 0;
    for (const { id } of rows) if (await this.close(id)) closed++;
    return { closed };
  }

  private async close(surveyId: string): Promise<boolean> {
    try {
      const r = await this.runner.execute(surveyId, (context) => ({ type: 'CloseSurvey', data: { surveyId }, context }), {
        commandId: `survey-close:${surveyId}`,
        actor: SYSTEM,
      });
      return !r.replayed && r.events.length > 0;
    } catch (e) {
      if (isSurveyDomainError(e)) return false;
      this.logger.warn(`CloseSurvey on survey ${surveyId} failed: ${e instanceof Error ? e.name : 'error'}`);
      return false;
    }
  }
}
