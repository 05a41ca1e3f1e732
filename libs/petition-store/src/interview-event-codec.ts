import type { InterviewEvent } from '@wenzheng/interview';
import { redactText } from '@wenzheng/redaction';
import { SubjectKeyStore, seal } from './subject-key-store';

/** Each question is its own data subject: erasing one asker's words never touches the others. */
export const questionSubject = (questionId: string) => `interview-question:${questionId}`;

type Stored = { type: string; data: unknown };

/**
 * The store boundary of interview events, as for consultation opinions: a question's text and
 * its asker are sealed with the question's subject key, beside a copy of the text redacted when
 * written. The decider, the projection, the live feed and the forwarded petition only ever read
 * that copy. Staff texts (topic, answers, summary) are written for publication and stored as decided.
 */
export class InterviewEventCodec {
  constructor(private readonly keys?: SubjectKeyStore) {}

  async encode(event: InterviewEvent): Promise<Stored> {
    if (event.type !== 'InterviewQuestionSubmitted') return { type: event.type, data: event.data };
    const { text, author, ...rest } = event.data;
    const subject = questionSubject(rest.questionId);
    const key = this.keys ? await this.keys.keyFor(subject) : undefined;
    const personal = { text, ...(author !== undefined ? { author } : {}) };
    return {
      type: event.type,
      data: { ...rest, ...(key ? { personal: seal(key, subject, rest.questionId, personal) } : {}), redacted: { text: redactText(text) } },
    };
  }

  decode(stored: Stored): InterviewEvent {
    return publishedInterviewEvent(stored);
  }
}

/** The event as the public may see it: a question's redacted text, no asker. */
export function publishedInterviewEvent(stored: Stored): InterviewEvent {
  if (stored.type !== 'InterviewQuestionSubmitted') return { type: stored.type, data: stored.data } as InterviewEvent;
  const { personal: _sealed, redacted, ...rest } = stored.data as Record<string, unknown> & { redacted?: { text?: unknown } };
  return { type: stored.type, data: { ...rest, text: typeof redacted?.text === 'string' ? redacted.text : '' } } as InterviewEvent;
}
