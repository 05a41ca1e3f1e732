import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import type { AppConfig } from '@wenzheng/platform';
import { maskPhone } from '@wenzheng/redaction';
import { APP_CONFIG, PG_POOL } from '@wenzheng/platform';
import { Clock } from '@wenzheng/petition-store';
import { PetitionCommandRunner } from '@wenzheng/command-runner';
import { callbackNoticeStands, responseReminderStands } from '@wenzheng/petition';
import { ReferenceDataService } from '@wenzheng/read-models';
import { DELIVERIES, Delivery } from './notification-deliveries';
import { NotificationQueue } from './notification-queue';
import { RecipientDirectory } from './recipient-directory';
import { TemplateError, renderSms } from './render-sms';
import { PermanentSmsError, SMS_GATEWAY, SmsGateway } from './sms-gateway';
import type { RecipientKind, TemplateKey } from '@wenzheng/read-models';

export interface SenderRun {
  readonly enqueued: number;
  /** Outbox rows the sender could no longer take, deleted (NotificationQueue.pruneOutbox). */
  readonly pruned: number;
  readonly sent: number;
  readonly retrying: number;
  readonly failed: number;
  readonly skipped: number;
}

const BATCH = 50;
const MAX_BATCHES_PER_RUN = 20;
const MAX_RETRY_DELAY_MS = 3_600_000;
/** The answered text of a caller without a key: the office will call back (请留意来电). */
const CALLBACK_NOTICE = 'petition_answered_callback';

// Mainland mobiles and landline-like digit runs, for scrubbing text that may have met a number.
const PHONE_LIKE = /(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}|0\d{2,3}-?\d{7,8}/g;

/** An error text safe to store and log: the number, if it slipped in, masked. */
export function scrub(text: string, phone?: string): string {
  const cut = text.slice(0, 500);
  const withoutPhone = phone ? cut.split(phone).join(maskPhone(phone)) : cut;
  return withoutPhone.replace(PHONE_LIKE, (m) => maskPhone(m));
}

/**
 * Delivers the deliveries table at least once, each (message, recipient) once in the normal
 * case: rows are claimed with `for update skip locked` and leased (status `sending`), so several
 * senders never take the same row; a sender that dies mid-send leaves a lease that runs out and
 * the row is retried. Failures are retried with exponential back-off up to NOTIFY_MAX_ATTEMPTS.
 * Time comes from the injectable Clock.
 */
@Injectable()
export class NotificationSender {
  private readonly logger = new Logger('notifications');
  /** The missing settings already warned about (each said once per process). */
  private readonly missingSaid = new Set<string>();

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SMS_GATEWAY) private readonly gateway: SmsGateway,
    private readonly queue: NotificationQueue,
    private readonly recipients: RecipientDirectory,
    private readonly reference: ReferenceDataService,
    private readonly clock: Clock,
    private readonly commands: PetitionCommandRunner,
  ) {}

  /** One pass: take new outbox rows, prune those it can no longer take, then send what is due (a bounded number of batches). */
  async runOnce(): Promise<SenderRun> {
    const enqueued = await this.queue.enqueueFromOutbox(this.clock.now());
    const pruned = await this.queue.pruneOutbox(this.clock.now());
    const totals = { enqueued, pruned, sent: 0, retrying: 0, failed: 0, skipped: 0 };
    for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
      const claimed = await this.claim(this.clock.now());
      if (!claimed.length) break;
      for (const d of claimed) totals[await this.deliver(d)]++;
    }
    return totals;
  }

  /** The lease of a claimed row: longer than any one gateway call. */
  private get leaseMs(): number {
    return this.config.smsHttpTimeoutMs * 2 + 30_000;
  }

  private async claim(now: Date): Promise<Delivery[]> {
    const { rows } = await this.pool.query(
      `with due as (
         select key from ${DELIVERIES}
          where status in ('pending', 'sending') and next_attempt_at <= $1
          order by occurred_at, petition_id, stream_revision, key
          limit $2
          for update skip locked
       )
       update ${DELIVERIES} d
          set status = 'sending', attempts = d.attempts + 1, next_attempt_at = $3, updated_at = now()
         from due where d.key = due.key
       returning d.key, d.source, d.event_id, d.petition_id, d.recipient, d.department_id, d.template, d.params, d.occurred_at,
                 d.stream_revision, d.attempts`,
      [now, BATCH, new Date(now.getTime() + this.leaseMs)],
    );
    return rows
      .map((r): Delivery => ({
        key: r.key,
        source: r.source,
        eventId: r.event_id,
        petitionId: r.petition_id,
        recipient: r.recipient as RecipientKind,
        departmentId: r.department_id,
        template: r.template as TemplateKey,
        params: r.params,
        occurredAt: r.occurred_at,
        streamRevision: r.stream_revision === null ? null : Number(r.stream_revision),
        attempts: r.attempts,
      }))
      .sort(
        (a, b) =>
          a.occurredAt.getTime() - b.occurredAt.getTime() ||
          a.petitionId.localeCompare(b.petitionId) ||
          (a.streamRevision ?? Infinity) - (b.streamRevision ?? Infinity) ||
          a.key.localeCompare(b.key),
      );
  }

  private async deliver(d: Delivery): Promise<'sent' | 'retrying' | 'failed' | 'skipped'> {
    if (d.attempts > this.config.notifyMaxAttempts) {
      await this.finish(d, 'failed', { error: `gave up after ${this.config.notifyMaxAttempts} attempts` });
      return 'failed';
    }
    let phone: string | undefined;
    try {
      const stale = await this.reminderWithdrawn(d);
      if (stale) {
        await this.finish(d, 'skipped', { error: stale });
        this.logger.log(`SMS ${d.key} [${d.template}] not sent: ${stale}`);
        return 'skipped';
      }
      const lookup = await this.recipients.phoneOf(d.recipient, d.petitionId, d.departmentId);
      if ('missing' in lookup) {
        await this.finish(d, 'skipped', { error: lookup.missing });
        // A setting left out is said once (a warning), then each message it stops at debug level:
        // a development install without SMS numbers logged a warning for almost every event.
        const first = !this.missingSaid.has(lookup.missing);
        this.missingSaid.add(lookup.missing);
        const line = `SMS ${d.key} [${d.template}] not sent: ${lookup.missing}`;
        if (first) this.logger.warn(`${line} (said once; further messages it stops are logged at debug level)`);
        else this.logger.debug(line);
        return 'skipped';
      }
      phone = lookup.phone;
      const text = renderSms(d.template, d.params, d.departmentId, {
        departmentName: (id) => (id === null ? undefined : this.reference.department(id)?.name),
        calendar: this.reference.calendar(),
        policies: this.reference.policies(),
        siteUrl: this.config.publicSiteUrl,
      });
      const receipt = await this.gateway.send({ to: phone, text, template: d.template, key: d.key });
      const masked = maskPhone(phone);
      await this.finish(d, 'sent', { messageId: receipt.messageId, masked });
      this.logger.log(`SMS ${d.key} [${d.template}] sent to ${masked} via ${this.gateway.name} (attempt ${d.attempts})`);
      return 'sent';
    } catch (e) {
      const error = scrub(e instanceof Error ? e.message : String(e), phone);
      const masked = phone === undefined ? undefined : maskPhone(phone);
      const permanent = e instanceof TemplateError || e instanceof PermanentSmsError;
      if (permanent || d.attempts >= this.config.notifyMaxAttempts) {
        await this.finish(d, 'failed', { error, masked });
        this.logger.error(`SMS ${d.key} [${d.template}] to ${masked ?? d.recipient} failed for good (attempt ${d.attempts}): ${error}`);
        return 'failed';
      }
      const delay = Math.min(this.config.notifyRetryBaseMs * 2 ** (d.attempts - 1), MAX_RETRY_DELAY_MS) * (0.9 + 0.2 * Math.random());
      await this.finish(d, 'pending', { error, masked, retryAt: new Date(this.clock.now().getTime() + delay) });
      this.logger.warn(
        `SMS ${d.key} [${d.template}] to ${masked ?? d.recipient} failed (attempt ${d.attempts}), retrying in ${Math.round(delay / 1000)} s: ${error}`,
      );
      return 'retrying';
    }
  }

  /**
   * Why a queued message no longer stands, read from the case's stream at send time (a gateway that
   * was down for hours would otherwise send it late and wrong). A "due next working day" reminder: the
   * department answered, or the case was returned, paused or given another deadline, since the watcher
   * queued it. The notice of a call-back (请留意来电): the 回访 was recorded, the case closed or reopened,
   * or answered again, before it went. Undefined for every other message.
   */
  private async reminderWithdrawn(d: Delivery): Promise<string | undefined> {
    if (d.template === CALLBACK_NOTICE) {
      const { state, events, recorded } = await this.commands.load(d.petitionId);
      const answer = recorded.findIndex((r) => Number(r.revision) === d.streamRevision);
      return callbackNoticeStands(state, events, answer)
        ? undefined
        : `the call-back it announces is no longer awaited (status ${state.status}, or a later answer's text stands)`;
    }
    if (d.source !== 'watcher' || d.template !== 'response_due_next_working_day') return undefined;
    const respondBy = d.params.respondBy;
    if (typeof respondBy !== 'string') return undefined; // renderSms refuses it, for good
    const { state } = await this.commands.load(d.petitionId);
    return responseReminderStands(state, respondBy)
      ? undefined
      : `the response deadline ${respondBy} it reminds of no longer runs (answered, returned, paused or extended since it was queued)`;
  }

  /** Records the outcome, only if this sender still holds the lease it claimed. */
  private async finish(
    d: Delivery,
    status: 'sent' | 'pending' | 'failed' | 'skipped',
    o: { messageId?: string; masked?: string; error?: string; retryAt?: Date },
  ): Promise<void> {
    const { rowCount } = await this.pool.query(
      `update ${DELIVERIES}
          set status = $3, gateway_message_id = coalesce($4, gateway_message_id), recipient_masked = coalesce($5, recipient_masked),
              last_error = $6, next_attempt_at = coalesce($7, next_attempt_at), sent_at = case when $3 = 'sent' then $8::timestamptz else sent_at end,
              updated_at = now()
        where key = $1 and status = 'sending' and attempts = $2`,
      [
        d.key,
        d.attempts,
        status,
        o.messageId ?? null,
        o.masked ?? null,
        status === 'sent' ? null : (o.error ?? null),
        o.retryAt ?? null,
        this.clock.now(),
      ],
    );
    if (!rowCount) this.logger.warn(`SMS ${d.key}: the lease ran out before the outcome (${status}) was recorded; another sender has it`);
  }
}
