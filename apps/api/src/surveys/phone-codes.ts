import { randomInt, timingSafeEqual } from 'node:crypto';
import { HttpException, HttpStatus, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { ValidationOptions, registerDecorator } from 'class-validator';
import { phoneNumberDigits } from '@wenzheng/redaction';
import { PHONE_CODES_PER_HOUR, PHONE_CODE_MAX_FAILURES, PHONE_CODE_RESEND_MS, PHONE_CODE_TTL_MS, PHONE_LOCK_MS } from '@wenzheng/survey';
import { PG_POOL } from '@wenzheng/platform';
import { SMS_GATEWAY, SmsGateway } from '@wenzheng/workers';
import { RespondentKeys, mobileDigits } from './respondent-key';
import { badInput } from '../http/validation';

export const RESPONDENT_KEYS = Symbol('RESPONDENT_KEYS');
const TABLE = 'wz_survey.phone_codes';

interface Row {
  /** The code sent last: waiting while expires_at is set, used (it answered a response) once expires_at is null. */
  code_hash: string | null;
  expires_at: Date | null;
  last_sent_at: Date | null;
  sends_window_started_at: Date | null;
  sends_in_window: number;
  failed_attempts: number;
  locked_until: Date | null;
}

const LANDLINE = 'must be a mobile number, not a landline: the code is sent by SMS';

/**
 * Beside IsMobileNumber (IsPhoneNumber's rule, as citizen.phone takes a phone): refuses a
 * landline it takes, since a survey's code goes by SMS. Anything else is IsMobileNumber's to refuse.
 */
export function IsNotLandline(validationOptions?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isNotLandline',
      target: object.constructor,
      propertyName,
      options: { message: LANDLINE, ...validationOptions },
      validator: {
        validate: (v: unknown) => typeof v !== 'string' || phoneNumberDigits(v) === undefined || mobileDigits(v) !== undefined,
      },
    });
}

/** `rule` names which limit refused, as a 409 names its rule. */
const tooMany = (message: string, rule: string) =>
  new HttpException({ statusCode: 429, error: 'Too Many Requests', message, rule }, HttpStatus.TOO_MANY_REQUESTS);
const locked = (until: Date) =>
  tooMany(`phone: locked for this survey until ${until.toISOString()} after ${PHONE_CODE_MAX_FAILURES} wrong codes`, 'phone_locked');

/**
 * SMS codes that verify a phone for one survey (wz_survey.phone_codes; the migration says why a
 * table). A code lives 10 minutes; one per minute and five per hour per phone and survey; five
 * wrong guesses lock the phone for that survey for an hour, and a new code does not reset the count.
 */
@Injectable()
export class PhoneCodes {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(SMS_GATEWAY) private readonly gateway: SmsGateway,
    @Inject(RESPONDENT_KEYS) private readonly keys: RespondentKeys,
  ) {}

  /** Sends a new code to `phone`'s 11 digits (validated by the caller); the number is used for the SMS and never stored. */
  async send(surveyId: string, title: string, phone: string, now: Date): Promise<{ expiresAt: string }> {
    const { digits, phoneKey } = this.phone(surveyId, phone);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(now.getTime() + PHONE_CODE_TTL_MS);
    await this.locked(surveyId, phoneKey, async (client, row) => {
      const lockOver = row.locked_until !== null && row.locked_until <= now;
      if (row.locked_until && !lockOver) throw locked(row.locked_until);
      if (row.last_sent_at && now.getTime() - row.last_sent_at.getTime() < PHONE_CODE_RESEND_MS)
        throw tooMany('phone: a code was sent less than a minute ago; wait before asking again', 'code_resend_interval');
      const windowOver = !row.sends_window_started_at || now.getTime() - row.sends_window_started_at.getTime() >= 3_600_000;
      if (!windowOver && row.sends_in_window >= PHONE_CODES_PER_HOUR)
        throw tooMany(`phone: at most ${PHONE_CODES_PER_HOUR} codes an hour for one survey`, 'codes_per_hour');
      await client.query(
        `update ${TABLE} set code_hash = $3, expires_at = $4, last_sent_at = $5,
                sends_window_started_at = $6, sends_in_window = $7, failed_attempts = $8, locked_until = $9
          where survey_id = $1 and phone_key = $2`,
        [
          surveyId,
          phoneKey,
          this.keys.ofCode(surveyId, phoneKey, code),
          expiresAt,
          now,
          windowOver ? now : row.sends_window_started_at,
          windowOver ? 1 : row.sends_in_window + 1,
          lockOver ? 0 : row.failed_attempts,
          lockOver ? null : row.locked_until,
        ],
      );
    });
    try {
      await this.gateway.send({
        to: digits,
        template: 'survey_code',
        text: `【问政】您参与“${title.slice(0, 30)}”调查的验证码为 ${code}，10分钟内有效。请勿告诉他人。`,
        key: `survey-code:${surveyId}:${phoneKey}:${now.getTime()}`,
      });
    } catch {
      // The gateway's error is not passed on: some echo the number.
      throw new ServiceUnavailableException('phone: the code could not be sent; try again in a minute');
    }
    return { expiresAt: expiresAt.toISOString() };
  }

  /**
   * The phone's respondent key when `code` is the one sent and still good, or the one that already
   * answered a response (the decider then refuses the second response, 409 already_responded);
   * else 400 naming `code`, or 429 once locked. A wrong code counts towards the lock whether or not
   * a code is waiting, and says the same in both cases, so a guess learns nothing of whether the
   * phone took part.
   */
  async check(surveyId: string, phone: string, code: string, now: Date): Promise<string> {
    const { phoneKey } = this.phone(surveyId, phone);
    const outcome = await this.locked(surveyId, phoneKey, async (client, row): Promise<HttpException | undefined> => {
      if (row.locked_until && row.locked_until > now) return locked(row.locked_until);
      const pending = row.code_hash !== null && row.expires_at !== null;
      if (row.code_hash !== null && row.expires_at !== null && row.expires_at <= now)
        return badInput('code', 'codeExpired', 'expired; ask for a new one');
      if (row.code_hash !== null && this.sameCode(row.code_hash, this.keys.ofCode(surveyId, phoneKey, code))) {
        if (pending)
          await client.query(`update ${TABLE} set failed_attempts = 0 where survey_id = $1 and phone_key = $2`, [surveyId, phoneKey]);
        return undefined;
      }
      const failures = row.failed_attempts + 1;
      const lockedUntil = failures >= PHONE_CODE_MAX_FAILURES ? new Date(now.getTime() + PHONE_LOCK_MS) : null;
      await client.query(
        `update ${TABLE} set failed_attempts = $3, locked_until = $4, code_hash = case when $4::timestamptz is null then code_hash end
          where survey_id = $1 and phone_key = $2`,
        [surveyId, phoneKey, failures, lockedUntil],
      );
      if (lockedUntil) return locked(lockedUntil);
      return pending
        ? badInput('code', 'codeMatches', `wrong; ${PHONE_CODE_MAX_FAILURES - failures} attempts left`)
        : badInput('code', 'codeSent', 'no code was sent to this phone for this survey; ask for one');
    });
    if (outcome) throw outcome;
    return phoneKey;
  }

  private sameCode(expected: string, given: string): boolean {
    const a = Buffer.from(expected);
    const b = Buffer.from(given);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /**
   * A code answers one response: used, it no longer expires and only says, when sent again, that
   * the phone has answered (the rate counters stay; a new code replaces it).
   */
  async consume(surveyId: string, phoneKey: string): Promise<void> {
    await this.pool.query(`update ${TABLE} set expires_at = null where survey_id = $1 and phone_key = $2`, [surveyId, phoneKey]);
  }

  /**
   * The 11 digits to text and the key of (survey, phone) they give. The DTO's rules refuse what this
   * refuses; kept so that no caller texts or keys a number as typed.
   */
  private phone(surveyId: string, phone: string): { digits: string; phoneKey: string } {
    const digits = mobileDigits(phone);
    const phoneKey = digits === undefined ? undefined : this.keys.ofPhone(surveyId, digits);
    if (!digits || !phoneKey)
      throw phoneNumberDigits(phone) === undefined
        ? badInput('phone', 'isMobileNumber', 'must be a mainland mobile number')
        : badInput('phone', 'isNotLandline', LANDLINE);
    return { digits, phoneKey };
  }

  /** Runs `work` on the row of (survey, phone), created when missing, locked for the transaction; failures counted are committed. */
  private async locked<T>(surveyId: string, phoneKey: string, work: (client: PoolClient, row: Row) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      await client.query(`insert into ${TABLE} (survey_id, phone_key) values ($1, $2) on conflict do nothing`, [surveyId, phoneKey]);
      const { rows } = await client.query<Row>(`select * from ${TABLE} where survey_id = $1 and phone_key = $2 for update`, [
        surveyId,
        phoneKey,
      ]);
      const result = await work(client, rows[0]);
      await client.query('commit');
      return result;
    } catch (e) {
      await client.query('rollback');
      throw e;
    } finally {
      client.release();
    }
  }
}
