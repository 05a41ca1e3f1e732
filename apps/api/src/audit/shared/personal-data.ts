import { ID_NUMBER_TOKEN, maskEmail, maskName, maskPhone, redactText } from '@wenzheng/redaction';
import type { CitizenContact, PetitionEvent } from '@wenzheng/petition';

export interface MaskedCitizen {
  readonly masked: true;
  readonly name?: string;
  readonly phone?: string;
  /** Never shown in part: every digit of a resident ID number identifies (see libs/redaction/src/mask.ts). */
  readonly idNumber?: string;
  readonly email?: string;
  /** The data subject's key was destroyed (PIPL erasure): nothing is left to show, masked or not. */
  readonly erased?: true;
}

const text = (v: unknown): v is string => typeof v === 'string';

/**
 * The citizen block as an auditor sees it without a stated reason. Defensive about the shape: an
 * erased (crypto-shredded) or future encoding of the block must mask to nothing rather than leak.
 */
export function maskCitizen(citizen: (Partial<CitizenContact> & { erased?: boolean }) | undefined): MaskedCitizen {
  const c = citizen ?? {};
  if (c.erased) return { masked: true, erased: true };
  return {
    masked: true,
    ...(text(c.name) && { name: maskName(c.name) }),
    ...(text(c.phone) && { phone: maskPhone(c.phone) }),
    ...(text(c.idNumber) && { idNumber: ID_NUMBER_TOKEN }),
    ...(text(c.email) && { email: maskEmail(c.email) }),
  };
}

type Submitted = Extract<PetitionEvent, { type: 'PetitionSubmitted' }>['data'];

/**
 * The citizen's own words (title, content, location) as a masked read shows them: phone numbers,
 * ID numbers, e-mails and the citizen's name masked as on public pages, the rest readable.
 */
export function redactSubmittedText<T extends Pick<Submitted, 'title' | 'content' | 'location'>>(data: T, citizen: Partial<CitizenContact> | undefined): T {
  const names = typeof citizen?.name === 'string' && citizen.name.trim() ? [citizen.name] : [];
  const redact = (v: unknown) => (typeof v === 'string' ? redactText(v, { names }) : v);
  return {
    ...data,
    title: redact(data.title),
    content: redact(data.content),
    ...(data.location !== undefined && { location: redact(data.location) }),
  };
}

/** An event's data with its personal data masked unless the read is a logged one with a reason. */
export function auditData(event: PetitionEvent, showPersonalData: boolean): unknown {
  if (showPersonalData || event.type !== 'PetitionSubmitted') return event.data;
  return { ...redactSubmittedText(event.data, event.data.citizen), citizen: maskCitizen(event.data.citizen) };
}
