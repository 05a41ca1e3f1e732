import { Injectable, Optional } from '@nestjs/common';
import type { PetitionEvent } from '@wenzheng/petition';
import { redactText } from '@wenzheng/redaction';
import { SubjectKeyStore, isEnvelope, open, seal } from '../../privacy/subject-key-store';

type Submitted = Extract<PetitionEvent, { type: 'PetitionSubmitted' }>['data'];
type Personal = Pick<Submitted, 'citizen' | 'title' | 'content' | 'location'>;

/** What an erased citizen block reads as: the fields are gone, and say so. */
export const ERASED_CITIZEN = Object.freeze({ name: '', phone: '', erased: true as const });

export const subjectOf = (petitionId: string) => `petition:${petitionId}`;

/**
 * The boundary between domain events and what is stored. PetitionSubmitted's personal data (the
 * citizen block, and the free text that may name them) is sealed with the data subject's key
 * (crypto-shredding); a redacted copy of the free text is stored in clear for publication. After
 * the key is erased, decode gives the redacted text and an erased citizen. Every other event is
 * stored as decided. The integrity hash covers the stored form, so erasure never breaks it.
 */
@Injectable()
export class PetitionEventCodec {
  constructor(@Optional() private readonly keys?: SubjectKeyStore) {}

  async encode(event: PetitionEvent, petitionId: string): Promise<{ type: string; data: unknown }> {
    if (event.type !== 'PetitionSubmitted' || !this.keys) return { type: event.type, data: event.data };
    const { citizen, title, content, location, ...rest } = event.data;
    const subject = subjectOf(petitionId);
    const key = await this.keys.keyFor(subject);
    const names = [citizen.name];
    const personal: Personal = { citizen, title, content, ...(location !== undefined ? { location } : {}) };
    return {
      type: event.type,
      data: {
        ...rest,
        personal: seal(key, subject, petitionId, personal),
        redacted: {
          title: redactText(title, { names }),
          content: redactText(content, { names }),
          ...(location !== undefined ? { location: redactText(location, { names }) } : {}),
        },
      },
    };
  }

  async decode(stored: { type: string; data: unknown }): Promise<PetitionEvent> {
    const data = stored.data as Record<string, unknown>;
    if (stored.type !== 'PetitionSubmitted' || !isEnvelope(data?.personal)) return { type: stored.type, data } as PetitionEvent;
    const { personal, redacted, ...rest } = data as { personal: Parameters<typeof open>[2]; redacted: Omit<Personal, 'citizen'> } & Record<string, unknown>;
    const key = this.keys ? await this.keys.lookup(personal.subject) : null;
    const opened = key ? open<Personal>(key, String(rest.petitionId), personal) : { ...redacted, citizen: ERASED_CITIZEN };
    return { type: stored.type, data: { ...rest, ...opened } } as PetitionEvent;
  }

  /** Warms the key cache for a batch of stored events (one query instead of one per event). */
  async prefetch(stored: ReadonlyArray<{ type: string; data: unknown }>): Promise<void> {
    if (!this.keys) return;
    const subjects = stored.flatMap((s) => {
      const p = (s.data as { personal?: unknown } | null)?.personal;
      return s.type === 'PetitionSubmitted' && isEnvelope(p) ? [p.subject] : [];
    });
    if (subjects.length) await this.keys.prefetch(subjects);
  }
}
