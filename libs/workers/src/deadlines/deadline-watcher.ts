import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { localDate, startOfLocalDay } from '@wenzheng/calendar';
import {
  Actor,
  CommandContext,
  DeadlineKind,
  PETITION_KINDS,
  PetitionCommand,
  departmentOf,
  escalationDue,
  extensionAutoApprovalDue,
  informationRequestLapsed,
  isPetitionDomainError,
  overdueWorkingDays,
  policyOfKind,
  ratingWindowClosed,
  responseDeadlineProtected,
  reviewDueBy,
  reviewOverdue,
  responseReminderStands,
} from '@wenzheng/petition';
import { PG_POOL } from '@wenzheng/platform';
import { Clock } from '@wenzheng/petition-store';
import { PetitionCommandRunner } from '@wenzheng/command-runner';
import { ReferenceDataService } from '@wenzheng/read-models';
import { NotificationQueue } from '../notifications/notification-queue';
import type { ProposedMessage } from '../notifications/notification-deliveries';
import { openDeadlinesTable } from '@wenzheng/read-models';

export const WATCHER_ACTOR: Actor = Object.freeze({ id: 'deadline-watcher', role: 'system' });

/** "Due next working day" reminders go out at 09:00 of the working day before the deadline. */
export const REMINDER_LOCAL_HOUR = 9;
/** No official schedule has a longer run of days off before a working day (春节 with weekends). */
const REMINDER_LOOKAHEAD_DAYS = 20;
const PAGE = 500;
const PARALLEL_PETITIONS = 4;

export interface WatcherRun {
  readonly deadlinesMissed: number;
  readonly escalated: number;
  readonly closed: number;
  /** Extension requests nobody decided in time, approved by the system. */
  readonly extensionsApproved: number;
  /** 补充材料: requests whose supplyBy passed without the information (the clock resumed). */
  readonly informationLapsed: number;
  /** 审核超时: the hotline office's red lights. */
  readonly reviewsMissed: number;
  readonly reminders: number;
  /** Proposals the stream turned down (the read model was behind it): commands the decider refused, reminders for a deadline no longer running. */
  readonly refused: number;
  readonly failed: number;
}

interface Proposal {
  readonly petitionId: string;
  readonly commandId: string;
  readonly outcome: 'deadlinesMissed' | 'escalated' | 'closed' | 'extensionsApproved' | 'informationLapsed' | 'reviewsMissed';
  readonly command: (context: CommandContext) => PetitionCommand;
  readonly describe: string;
}

/** A "due next working day" reminder the read model proposes, and the deadline it is about. */
interface Reminder {
  readonly message: ProposedMessage;
  readonly respondBy: Date;
}

interface Row {
  petition_id: string;
  kind: string | null;
  tracking_code: string | null;
  department_id: string | null;
  ack_due_at: Date | null;
  ack_missed: boolean;
  respond_by: Date | null;
  respond_missed: boolean;
  extension_requested_at: Date | null;
  auto_escalated_for: Date[];
  responded_at: Date | null;
  supply_by: Date | null;
  review_since: Date | null;
}

/** The case as responseDeadlineProtected reads it: its pending extension request, if any. */
const extensionOf = (r: Row) =>
  r.extension_requested_at ? { pendingExtension: { requestedAt: r.extension_requested_at.toISOString() } } : {};

/**
 * Finds passed deadlines in the open_deadlines read model and proposes the system's commands:
 * DecideExtension (an undecided request approved automatically), MarkDeadlineMissed (亮红灯),
 * EscalatePetition (督办, automatic) and ClosePetition (no rating in time), and records "due next working day" reminders. The watcher only proposes: the decider,
 * on the stream, decides (a reminder goes only while the stream still runs its deadline). Each proposal carries a commandId derived from the petition and the
 * deadline value, so any number of watchers, reruns and restarts append each event once.
 */
@Injectable()
export class DeadlineWatcher {
  private readonly logger = new Logger('deadline-watcher');
  private warnedMissingTable = false;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly commands: PetitionCommandRunner,
    private readonly reference: ReferenceDataService,
    private readonly clock: Clock,
    private readonly notifications: NotificationQueue,
  ) {}

  async runOnce(): Promise<WatcherRun> {
    const now = this.clock.now();
    const run = {
      deadlinesMissed: 0,
      escalated: 0,
      closed: 0,
      extensionsApproved: 0,
      informationLapsed: 0,
      reviewsMissed: 0,
      reminders: 0,
      refused: 0,
      failed: 0,
    };
    const table = openDeadlinesTable();
    const { rows } = await this.pool.query(`select to_regclass($1) as t`, [table]);
    if (!rows[0].t) {
      if (!this.warnedMissingTable) this.logger.warn(`${table} does not exist yet: no projector has run; nothing to watch`);
      this.warnedMissingTable = true;
      return run;
    }
    const policies = this.reference.policies();
    const calendar = this.reference.calendar();
    const byPetition = new Map<string, Proposal[]>();
    const add = (p: Proposal) => {
      const list = byPetition.get(p.petitionId);
      if (list) list.push(p);
      else byPetition.set(p.petitionId, [p]);
    };

    // 0. Extension requests nobody decided in time: approved first, so the red light below does
    //    not even come up for a deadline the approval replaces. Pending requests are few; the domain decides.
    for await (const r of this.scan(table, `extension_requested_at is not null`, [])) {
      const requestedAt = r.extension_requested_at as Date;
      const policy = policyOfKind(policies, r.kind);
      if (!policy || !extensionAutoApprovalDue(requestedAt, now, calendar, policy)) continue;
      const requested = requestedAt.toISOString();
      add({
        petitionId: r.petition_id,
        outcome: 'extensionsApproved',
        commandId: `extension-auto-approve:${r.petition_id}:${requested}`,
        command: (context) => ({ type: 'DecideExtension', data: { petitionId: r.petition_id, approved: true }, context }),
        describe: `extension requested ${requested} approved automatically (not decided in time)`,
      });
    }

    // 0b. 补充材料 not supplied by supplyBy: the system records the lapse and the response clock resumes
    //     (the department then answers with what it has, possibly as 联系不上; the case is not closed unanswered).
    for await (const r of this.scan(table, `supply_by < $1::timestamptz`, [now])) {
      const supplyBy = r.supply_by as Date;
      if (!informationRequestLapsed(supplyBy, now)) continue;
      const due = supplyBy.toISOString();
      add({
        petitionId: r.petition_id,
        outcome: 'informationLapsed',
        commandId: `information-lapsed:${r.petition_id}:${due}`,
        command: (context) => ({ type: 'LapseInformationRequest', data: { petitionId: r.petition_id }, context }),
        describe: `information requested, not supplied by ${due}: the response clock resumes`,
      });
    }

    // 0c. 审核超时: the hotline office's own red light. SQL narrows to cases waiting longer than the
    //     shortest policy's hours (a necessary condition); the calendar decides.
    const minReviewHours = Math.min(...PETITION_KINDS.map((k) => policies[k].reviewWithinWorkingHours));
    for await (const r of this.scan(table, `review_since < $1::timestamptz - make_interval(hours => $2::int) and not review_missed`, [
      now,
      minReviewHours,
    ])) {
      const since = r.review_since as Date;
      const policy = policyOfKind(policies, r.kind);
      if (!policy || !reviewOverdue(since, now, calendar, policy)) continue;
      const due = reviewDueBy(since, calendar, policy).toISOString();
      add({
        petitionId: r.petition_id,
        outcome: 'reviewsMissed',
        commandId: `review-missed:${r.petition_id}:${due}`,
        command: (context) => ({ type: 'MarkReviewDeadlineMissed', data: { petitionId: r.petition_id }, context }),
        describe: `亮红灯 for the hotline office (review due ${due})`,
      });
    }

    // 1. Red lights: exact, the due instants are stored in the events. A pending extension request
    //    protects the response deadline.
    for await (const r of this.scan(
      table,
      `(ack_due_at < $1::timestamptz and not ack_missed) or (respond_by < $1::timestamptz and not respond_missed)`,
      [now],
    )) {
      if (r.ack_due_at && r.ack_due_at < now && !r.ack_missed) add(this.missed(r.petition_id, 'acknowledgement', r.ack_due_at));
      if (r.respond_by && r.respond_by < now && !r.respond_missed && !responseDeadlineProtected(extensionOf(r))) {
        add(this.missed(r.petition_id, 'response', r.respond_by));
      }
    }

    // 2. 督办: overdue by more than the policy's working days. SQL narrows by calendar days (a
    //    necessary condition); the calendar decides.
    const minEscalate = Math.min(...PETITION_KINDS.map((k) => policies[k].escalateAfterOverdueWorkingDays));
    for await (const r of this.scan(
      table,
      `respond_by < $1::timestamptz - make_interval(days => $2::int) and not (respond_by = any(auto_escalated_for))`,
      [now, minEscalate],
    )) {
      const respondBy = r.respond_by as Date;
      const policy = policyOfKind(policies, r.kind);
      if (!policy || responseDeadlineProtected(extensionOf(r)) || !escalationDue(respondBy, now, calendar, policy)) continue;
      const due = respondBy.toISOString();
      add({
        petitionId: r.petition_id,
        outcome: 'escalated',
        commandId: `escalate:${r.petition_id}:response@${due}`,
        command: (context) => ({ type: 'EscalatePetition', data: { petitionId: r.petition_id }, context }),
        describe: `督办 (response due ${due} overdue by ${overdueWorkingDays(respondBy, now, calendar)} working days)`,
      });
    }

    // 3. Answered and not rated within the policy: closes without a rating.
    const minRate = Math.min(...PETITION_KINDS.map((k) => policies[k].rateWithinWorkingDays));
    for await (const r of this.scan(table, `responded_at < $1::timestamptz - make_interval(days => $2::int)`, [now, minRate])) {
      const respondedAt = r.responded_at as Date;
      const policy = policyOfKind(policies, r.kind);
      if (!policy || !ratingWindowClosed(respondedAt, now, calendar, policy)) continue;
      add({
        petitionId: r.petition_id,
        outcome: 'closed',
        commandId: `close:${r.petition_id}:no_rating@${respondedAt.toISOString()}`,
        command: (context) => ({ type: 'ClosePetition', data: { petitionId: r.petition_id }, context }),
        describe: `closed without a rating (answered ${respondedAt.toISOString()})`,
      });
    }

    // 4. "Due next working day": not an event, a message with a key of its own. The read model
    //    only proposes: it lags the log, so the stream says whether the deadline still runs.
    const candidates: Reminder[] = [];
    for await (const r of this.scan(
      table,
      `respond_by > $1::timestamptz and respond_by <= $1::timestamptz + make_interval(days => $2::int)`,
      [now, REMINDER_LOOKAHEAD_DAYS],
    )) {
      const respondBy = r.respond_by as Date;
      const remindAt = new Date(
        startOfLocalDay(calendar.previousWorkingDay(localDate(respondBy))).getTime() + REMINDER_LOCAL_HOUR * 3_600_000,
      );
      if (now < remindAt) continue;
      const due = respondBy.toISOString();
      candidates.push({
        respondBy,
        message: {
          key: `reminder:${r.petition_id}:response@${due}:department`,
          petitionId: r.petition_id,
          recipient: 'department',
          departmentId: r.department_id,
          template: 'response_due_next_working_day',
          params: { trackingCode: r.tracking_code ?? '', respondBy: due },
          occurredAt: remindAt,
        },
      });
    }
    const reminders = await this.stillDue(candidates, run);
    run.reminders = await this.notifications.propose(reminders, now);

    // Per petition in order (a red light before its escalation); petitions side by side.
    const queue = [...byPetition.values()];
    const worker = async () => {
      for (let list = queue.shift(); list; list = queue.shift()) {
        for (const p of list) {
          const outcome = await this.propose(p);
          if (outcome === 'appended') run[p.outcome]++;
          else if (outcome !== 'nothing') run[outcome]++;
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_PETITIONS }, worker));
    if (
      run.deadlinesMissed ||
      run.escalated ||
      run.closed ||
      run.extensionsApproved ||
      run.informationLapsed ||
      run.reviewsMissed ||
      run.reminders ||
      run.failed
    ) {
      this.logger.log(
        `at ${now.toISOString()}: ${run.extensionsApproved} extension(s) approved automatically, ${run.informationLapsed} information request(s) lapsed, ${run.reviewsMissed} review red light(s), ${run.deadlinesMissed} red light(s), ${run.escalated} escalation(s), ${run.closed} closed, ${run.reminders} reminder(s)${run.failed ? `, ${run.failed} failed` : ''}`,
      );
    }
    return run;
  }

  /**
   * The reminders whose deadline still runs on the case's stream. Only those not already queued
   * are checked (a queued one adds nothing): each costs a read of its stream. A case answered,
   * returned, withdrawn, paused or given another deadline since the read model saw it is counted as
   * refused; a stream that cannot be read, as failed (the next run proposes it again).
   */
  private async stillDue(candidates: readonly Reminder[], run: { refused: number; failed: number }): Promise<ProposedMessage[]> {
    const fresh = await this.notifications.notQueued(candidates.map((c) => c.message.key));
    const queue = candidates.filter((c) => fresh.has(c.message.key));
    const due: ProposedMessage[] = [];
    const worker = async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const { message, respondBy } = c;
        try {
          const { state } = await this.commands.load(message.petitionId);
          if (responseReminderStands(state, respondBy)) {
            // The department holding the case now, as the stream says.
            due.push({ ...message, departmentId: departmentOf(state) ?? message.departmentId });
          } else {
            this.logger.debug(
              `petition ${message.petitionId}: no reminder, the response deadline ${respondBy.toISOString()} no longer runs`,
            );
            run.refused++;
          }
        } catch (e) {
          const error = e instanceof Error ? e.message : String(e);
          this.logger.warn(
            `petition ${message.petitionId}: reminder not proposed, its stream could not be read; next run retries: ${error}`,
          );
          run.failed++;
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_PETITIONS }, worker));
    return due;
  }

  private missed(petitionId: string, deadline: DeadlineKind, dueAt: Date): Proposal {
    const due = dueAt.toISOString();
    return {
      petitionId,
      outcome: 'deadlinesMissed',
      commandId: `deadline-missed:${petitionId}:${deadline}@${due}`,
      command: (context) => ({ type: 'MarkDeadlineMissed', data: { petitionId, deadline }, context }),
      describe: `亮红灯 (${deadline} due ${due})`,
    };
  }

  private async propose(p: Proposal): Promise<'appended' | 'nothing' | 'refused' | 'failed'> {
    try {
      const result = await this.commands.execute(p.petitionId, p.command, {
        commandId: p.commandId,
        correlationId: p.commandId,
        actor: WATCHER_ACTOR,
      });
      if (result.replayed || result.events.length === 0) return 'nothing';
      this.logger.log(`petition ${p.petitionId}: ${p.describe}`);
      return 'appended';
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (isPetitionDomainError(e)) {
        this.logger.debug(`petition ${p.petitionId}: ${p.describe} refused: ${message}`);
        return 'refused';
      }
      this.logger.warn(`petition ${p.petitionId}: ${p.describe} failed, next run retries: ${message}`);
      return 'failed';
    }
  }

  /** Rows matching `where`, in pages by petition id (so a large backlog neither starves nor loads at once). */
  private async *scan(table: string, where: string, params: unknown[]): AsyncGenerator<Row> {
    let after = '00000000-0000-0000-0000-000000000000';
    const n = params.length;
    for (;;) {
      const { rows } = await this.pool.query<Row>(
        `select petition_id, kind, tracking_code, department_id, ack_due_at, ack_missed, respond_by, respond_missed, extension_requested_at, auto_escalated_for, responded_at,
                supply_by, review_since
           from ${table} where (${where}) and petition_id > $${n + 1} order by petition_id limit ${PAGE}`,
        [...params, after],
      );
      yield* rows;
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1].petition_id;
    }
  }
}
