import { maskEmail, maskName, maskPhone } from '@wenzheng/redaction';
import { PetitionEvent, PetitionState, PetitionSummary, summarize } from '@wenzheng/petition';
import type { RecordedEvent } from '@wenzheng/event-store';

type Submitted = Extract<PetitionEvent, { type: 'PetitionSubmitted' }>['data'];

export interface PetitionView extends Omit<PetitionSummary, 'petitionId'> {
  readonly id: string;
  readonly revision: number;
  readonly channel: string;
  readonly addressee: Submitted['addressee'];
  readonly title: string;
  readonly content: string;
  readonly location?: string;
  readonly citizen: Submitted['citizen'] | { masked: true; name: string; phone: string; email?: string } | { erased: true };
  readonly answer?: string;
  readonly rating?: { satisfaction: string; comment?: string; at: string };
  readonly history: ReadonlyArray<{ revision: number; type: string; at: string; actor: { role?: string; departmentId?: string } }>;
}

/** The case folded from its stream for GET /petitions/:id (read-your-writes). */
export function petitionView(
  petitionId: string,
  state: PetitionState,
  events: readonly PetitionEvent[],
  recorded: readonly RecordedEvent[],
  showPersonalData: boolean,
): PetitionView {
  const submitted = events.find((e) => e.type === 'PetitionSubmitted')?.data as Submitted;
  const { petitionId: _id, ...summary } = summarize(state);
  let answer: string | undefined;
  let rating: PetitionView['rating'];
  for (const e of events) {
    if (e.type === 'PetitionResponded') answer = e.data.answer;
    if (e.type === 'PetitionRated') rating = { satisfaction: e.data.satisfaction, ...(e.data.comment ? { comment: e.data.comment } : {}), at: e.data.at };
  }
  const c = submitted.citizen;
  return {
    id: petitionId,
    revision: Number(recorded.at(-1)?.revision ?? -1),
    ...summary,
    channel: submitted.channel,
    addressee: submitted.addressee,
    title: submitted.title,
    content: submitted.content,
    ...(submitted.location ? { location: submitted.location } : {}),
    citizen: (c as { erased?: boolean }).erased
      ? { erased: true }
      : showPersonalData
      ? c
      : { masked: true, name: maskName(c.name), phone: maskPhone(c.phone), ...(c.email ? { email: maskEmail(c.email) } : {}) },
    ...(answer !== undefined ? { answer } : {}),
    ...(rating ? { rating } : {}),
    history: events.map((e, i) => {
      const actor = (recorded[i].metadata.actor ?? {}) as { role?: string; departmentId?: string };
      return { revision: Number(recorded[i].revision), type: e.type, at: (e.data as { at: string }).at, actor: { role: actor.role, ...(actor.departmentId ? { departmentId: actor.departmentId } : {}) } };
    }),
  };
}
