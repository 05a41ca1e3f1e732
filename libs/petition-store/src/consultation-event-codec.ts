import type { ConsultationEvent } from '@wenzheng/consultation';
import { redactText } from '@wenzheng/redaction';
import { SubjectKeyStore, seal } from './subject-key-store';

/** Each opinion is its own data subject: erasing one author's words never touches the others. */
export const opinionSubject = (opinionId: string) => `consultation-opinion:${opinionId}`;

type Stored = { type: string; data: unknown };
type Data = Record<string, unknown>;

/**
 * The store boundary of consultation events. An opinion's text may name people (a name, a phone
 * number typed in) and its author is an account: both are sealed with the opinion's subject key,
 * and beside them, in clear, a copy of the text redacted when written. Projections and the
 * decider only ever read that copy, so nothing personal reaches a read model and a rebuild after
 * an erasure makes the same rows. Every other event (the draft, the summary: staff texts written
 * for publication) is stored as decided.
 */
export class ConsultationEventCodec {
  constructor(private readonly keys?: SubjectKeyStore) {}

  async encode(event: ConsultationEvent): Promise<Stored> {
    if (event.type !== 'OpinionSubmitted') return { type: event.type, data: event.data };
    const { text, author, ...rest } = event.data;
    const subject = opinionSubject(rest.opinionId);
    const key = this.keys ? await this.keys.keyFor(subject) : undefined;
    const personal = { text, ...(author !== undefined ? { author } : {}) };
    return {
      type: event.type,
      data: { ...rest, ...(key ? { personal: seal(key, subject, rest.opinionId, personal) } : {}), redacted: { text: redactText(text) } },
    };
  }

  decode(stored: Stored): ConsultationEvent {
    return publishedConsultationEvent(stored);
  }
}

/** The event as the decider, the projections and the public may see it: an opinion's redacted text, no author. */
export function publishedConsultationEvent(stored: Stored): ConsultationEvent {
  if (stored.type !== 'OpinionSubmitted') return { type: stored.type, data: stored.data } as ConsultationEvent;
  const { personal: _sealed, redacted, ...rest } = stored.data as Data & { redacted?: { text?: unknown } };
  return { type: stored.type, data: { ...rest, text: typeof redacted?.text === 'string' ? redacted.text : '' } } as ConsultationEvent;
}
