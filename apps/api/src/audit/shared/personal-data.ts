import { ID_NUMBER_TOKEN, maskEmail, maskName, maskPhone } from '@wenzheng/redaction';
import type { CitizenContact, PetitionEvent } from '@wenzheng/petition';

export interface MaskedCitizen {
  readonly masked: true;
  readonly name?: string;
  readonly phone?: string;
  /** Never shown in part: every digit of a resident ID number identifies (see libs/redaction/src/mask.ts). */
  readonly idNumber?: string;
  readonly email?: string;
}

const text = (v: unknown): v is string => typeof v === 'string';

/**
 * The citizen block as an auditor sees it without a stated reason. Defensive about the shape: an
 * erased (crypto-shredded) or future encoding of the block must mask to nothing rather than leak.
 */
export function maskCitizen(citizen: Partial<CitizenContact> | undefined): MaskedCitizen {
  const c = citizen ?? {};
  return {
    masked: true,
    ...(text(c.name) && { name: maskName(c.name) }),
    ...(text(c.phone) && { phone: maskPhone(c.phone) }),
    ...(text(c.idNumber) && { idNumber: ID_NUMBER_TOKEN }),
    ...(text(c.email) && { email: maskEmail(c.email) }),
  };
}

/** An event's data with its personal data masked unless the read is a logged one with a reason. */
export function auditData(event: PetitionEvent, showPersonalData: boolean): unknown {
  if (showPersonalData || event.type !== 'PetitionSubmitted') return event.data;
  return { ...event.data, citizen: maskCitizen(event.data.citizen) };
}
