import type { SurveyAnswer, SurveyEvent } from '@wenzheng/survey';
import { redactText } from '@wenzheng/redaction';
import { SubjectKeyStore, seal } from './subject-key-store';

/** Each response is its own data subject: erasing one respondent's words never touches the others. */
export const surveyResponseSubject = (responseId: string) => `survey-response:${responseId}`;

type Stored = { type: string; data: unknown };
type Data = Record<string, unknown>;

/**
 * The store boundary of survey events. Free-text answers may name people or carry a phone number
 * typed in: they are sealed with the response's subject key and, in clear beside them, stored
 * redacted when written. The decider, the projections, the public and the department's export
 * only ever read that copy. Choices and scales are stored as decided.
 */
export class SurveyEventCodec {
  constructor(private readonly keys?: SubjectKeyStore) {}

  async encode(event: SurveyEvent): Promise<Stored> {
    if (event.type !== 'SurveyResponseRecorded' || !event.data.answers.some((a) => a.text !== undefined))
      return { type: event.type, data: event.data };
    const { answers, ...rest } = event.data;
    const subject = surveyResponseSubject(rest.responseId);
    const key = this.keys ? await this.keys.keyFor(subject) : undefined;
    const texts = Object.fromEntries(answers.flatMap((a) => (a.text !== undefined ? [[a.questionId, a.text]] : [])));
    return {
      type: event.type,
      data: {
        ...rest,
        answers: answers.map((a) => (a.text !== undefined ? { ...a, text: redactText(a.text) } : a)),
        ...(key ? { personal: seal(key, subject, rest.responseId, texts) } : {}),
      },
    };
  }

  decode(stored: Stored): SurveyEvent {
    return publishedSurveyEvent(stored);
  }
}

/** The event as the decider, the projections and the department may see it: free text as its redacted copy. */
export function publishedSurveyEvent(stored: Stored): SurveyEvent {
  if (stored.type !== 'SurveyResponseRecorded') return { type: stored.type, data: stored.data } as SurveyEvent;
  const { personal: _sealed, ...rest } = stored.data as Data & { answers: SurveyAnswer[] };
  return { type: stored.type, data: rest } as unknown as SurveyEvent;
}
