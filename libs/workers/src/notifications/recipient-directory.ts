import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@wenzheng/platform';
import { APP_CONFIG } from '@wenzheng/platform';
import { PetitionCommandRunner } from '@wenzheng/command-runner';
import { ReferenceDataService } from '@wenzheng/read-models';
import type { RecipientKind } from '@wenzheng/read-models';
import { phoneNumberDigits } from '@wenzheng/redaction';

/** A mainland mobile's 11 digits: the only numbers a text message reaches. */
const MOBILE_DIGITS = /^1[3-9]\d{9}$/;

export type PhoneLookup = { readonly phone: string } | { readonly missing: string };

/**
 * Phone numbers, looked up at the moment of sending and held only for that send: the citizen's
 * from the petition's PetitionSubmitted (decoded by the codec, so an erased one stays erased);
 * duty numbers of departments, of the supervision office and of the reviewers from configuration.
 */
@Injectable()
export class RecipientDirectory {
  constructor(
    private readonly commands: PetitionCommandRunner,
    private readonly reference: ReferenceDataService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async phoneOf(recipient: RecipientKind, petitionId: string, departmentId: string | null): Promise<PhoneLookup> {
    switch (recipient) {
      case 'citizen': {
        const { events } = await this.commands.load(petitionId);
        const submitted = events.find((e) => e.type === 'PetitionSubmitted');
        const phone = submitted?.type === 'PetitionSubmitted' ? submitted.data.citizen?.phone : undefined;
        if (typeof phone !== 'string' || phone.trim() === '')
          return { missing: "the citizen's phone number is not available (erased or never given)" };
        // Only a mobile takes a text: a landline (a caller may give one) or anything else gets none, and the office
        // calls back. The gateway is given the mobile's 11 digits, whatever the prefix and separators typed.
        const digits = phoneNumberDigits(phone);
        if (digits === undefined || !MOBILE_DIGITS.test(digits)) {
          const landline = (digits ?? phone.trim()).startsWith('0'); // 0 and an area code
          return {
            missing: landline
              ? "the citizen's number is a landline, which takes no text message"
              : "the citizen's number is no mainland mobile, which alone takes a text message",
          };
        }
        return { phone: digits };
      }
      case 'department': {
        if (departmentId === null) return { missing: 'the message names no department' };
        const code = this.reference.department(departmentId)?.code;
        const phone =
          this.config.smsDepartmentPhones[departmentId] ?? (code !== undefined ? this.config.smsDepartmentPhones[code] : undefined);
        return phone ? { phone } : { missing: `no duty number for department ${code ?? departmentId} in SMS_DEPARTMENT_PHONES` };
      }
      case 'supervisor':
        return this.config.smsSupervisorPhone ? { phone: this.config.smsSupervisorPhone } : { missing: 'SMS_SUPERVISOR_PHONE is not set' };
      case 'reviewer':
        return this.config.smsReviewerPhone ? { phone: this.config.smsReviewerPhone } : { missing: 'SMS_REVIEWER_PHONE is not set' };
      default: {
        const unknown: never = recipient;
        return { missing: `unknown recipient ${String(unknown)}` };
      }
    }
  }
}
