import { createHmac } from 'node:crypto';
import type { AppConfig } from '@wenzheng/platform';
import { phoneNumberDigits } from '@wenzheng/redaction';
import { developmentSecret } from '@wenzheng/platform';
import { PHONE } from '../petitions/shared/validators';

/**
 * The 11 digits a code is texted to and keyed by, so that "139 1234 5678" asking and "13912345678"
 * answering are one phone; undefined when `phone` is no phone number or a landline (no SMS reaches it).
 */
export function mobileDigits(phone: string): string | undefined {
  const digits = phoneNumberDigits(phone);
  return digits !== undefined && /^1\d{10}$/.test(digits) ? digits : undefined;
}

/**
 * Who answered a survey, as a keyed hash: the decider refuses a second response by the same key,
 * and nothing stored names the account or the number. Keyed per survey, so two surveys' keys of
 * one person cannot be matched; HMAC with a server secret (kept out of the database), because the
 * mainland numbering space is small enough to hash whole.
 */
export class RespondentKeys {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('wenzheng:survey-respondent:v1').digest();
  }

  ofAccount(surveyId: string, sub: string): string {
    return this.hash(surveyId, `sub:${sub}`);
  }

  /** undefined when `phone` is not a phone number. */
  ofPhone(surveyId: string, phone: string): string | undefined {
    const digits = phoneNumberDigits(phone);
    return digits === undefined ? undefined : this.hash(surveyId, `phone:${digits}`);
  }

  /**
   * A signed-in citizen's phone that the token's issuer verified, keyed as the phone-code route keys
   * the same number (+86 138-0013-8000 and 13800138000 alike); undefined unless it is a mainland
   * mobile of the shape that route takes. A landline gets no code, and +1 391 234 5678 is no 139
   * number, so neither may stand for one.
   */
  ofVerifiedPhone(surveyId: string, phone: string): string | undefined {
    const digits = PHONE.test(phone) ? mobileDigits(phone) : undefined;
    return digits === undefined ? undefined : this.ofPhone(surveyId, digits);
  }

  /** A code's hash: keyed too, since six digits are found by trying them all. */
  ofCode(surveyId: string, phoneKey: string, code: string): string {
    return this.hash(surveyId, `code:${phoneKey}:${code}`);
  }

  private hash(surveyId: string, value: string): string {
    return createHmac('sha256', this.key).update(`${surveyId}\n${value}`).digest('base64url');
  }

  /** The same secret as the phone blind index (ACCESS_KEY_SECRET, else AUTH_JWT_SECRET, else the development one). */
  static fromConfig(config: Pick<AppConfig, 'accessKeySecret' | 'jwtSecret'>): RespondentKeys {
    return new RespondentKeys(config.accessKeySecret ?? config.jwtSecret ?? developmentSecret().secret);
  }
}
