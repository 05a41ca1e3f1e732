import { ID_NUMBER_TOKEN, maskEmail, maskName, maskPhone, redactText } from '@wenzheng/redaction';
import { PERSONAL_POINTS, PERSONAL_TEXT, type CitizenContact, type GeoPoint, type PetitionEvent } from '@wenzheng/petition';
import { publicPoint } from '@wenzheng/reference-data';

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

/**
 * Every field name under which an event carries free text (PERSONAL_TEXT, any event type; platform
 * events such as an erasure state a `reason` too). Any of them may quote the citizen, so a masked
 * read redacts them all.
 */
export const FREE_TEXT_FIELDS: readonly string[] = [...new Set(Object.values(PERSONAL_TEXT).flat())];

/** Every field name under which an event carries an exact point (PERSONAL_POINTS). */
const POINT_FIELDS: readonly string[] = [...new Set(Object.values(PERSONAL_POINTS).flat())];

/** The names masked in free text: the citizen's, when the block still holds one (not erased). */
export const namesOf = (citizen: Partial<CitizenContact> | undefined): string[] =>
  typeof citizen?.name === 'string' && citizen.name.trim() ? [citizen.name] : [];

/**
 * The free-text fields of an object as a masked read shows them: phone numbers, ID numbers,
 * e-mails and the citizen's name masked as on public pages, the rest readable. An exact point
 * (often the citizen's home) is rounded as public pages show it too.
 */
export function redactFreeText<T extends object>(data: T, names: readonly string[]): T {
  const out = { ...data } as Record<string, unknown>;
  for (const field of FREE_TEXT_FIELDS) {
    const v = out[field];
    if (typeof v === 'string') out[field] = redactText(v, { names: [...names] });
  }
  for (const field of POINT_FIELDS) {
    const p = out[field] as Partial<GeoPoint> | undefined;
    if (typeof p?.lat === 'number' && typeof p.lng === 'number') out[field] = publicPoint({ lat: p.lat, lng: p.lng });
  }
  return out as T;
}

const citizenOf = (event: PetitionEvent | undefined): Partial<CitizenContact> | undefined =>
  event?.type === 'PetitionSubmitted' ? event.data.citizen : undefined;

/**
 * An event's data with its personal data masked unless the read is a logged one with a reason:
 * the citizen block, and the free text of every event (answers, comments, reasons ...), redacted
 * with the name from the case's PetitionSubmitted.
 */
export function auditData(event: PetitionEvent, showPersonalData: boolean, submitted?: PetitionEvent): unknown {
  if (showPersonalData) return event.data;
  const citizen = citizenOf(event) ?? citizenOf(submitted);
  const data = redactFreeText(event.data, namesOf(citizen));
  return event.type === 'PetitionSubmitted' ? { ...data, citizen: maskCitizen(event.data.citizen) } : data;
}
