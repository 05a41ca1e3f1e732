import { CitizenContact, PetitionEvent, PetitionState, PetitionSummary, ratedByCallBack, summarize } from '@wenzheng/petition';
import type { RecordedEvent } from '@wenzheng/event-store';
import { MaskedCitizen, maskCitizen, namesOf, redactFreeText } from '../../audit/shared/personal-data';
import type { SourceView } from '../../interviews/read-interviews/interview-source';
import type { PetitionStep } from '@wenzheng/read-models';

type Submitted = Extract<PetitionEvent, { type: 'PetitionSubmitted' }>['data'];

export interface PetitionView extends Omit<PetitionSummary, 'petitionId'> {
  readonly id: string;
  readonly revision: number;
  readonly channel: string;
  /** 回访: no citizen holds the case's key, so the hotline office records the rating (ratedByCallBack). */
  readonly ratedByCallBack: boolean;
  readonly addressee: Submitted['addressee'];
  readonly title: string;
  readonly content: string;
  readonly location?: string;
  /** Exact while the case's key lives and the reader sees in clear; otherwise rounded as public routes show it. */
  readonly point?: Submitted['point'];
  readonly districtCode?: string;
  /** Absent on a petition the system forwarded from a source (no person to contact). */
  readonly citizen?: NonNullable<Submitted['citizen']> | MaskedCitizen | { erased: true };
  /** 来源: what the system forwarded it from, with the interview's topic (interview-source.ts). */
  readonly source?: SourceView;
  readonly answer?: string;
  /** 补充材料 awaited: what the department asked and by when; the response clock stands still meanwhile. */
  readonly awaitingInformation?: { readonly question: string; readonly requestedAt: string; readonly supplyBy: string };
  readonly rating?: { satisfaction: string; comment?: string; at: string };
  readonly history: ReadonlyArray<{ revision: number; type: string; at: string; actor: { role?: string; departmentId?: string } }>;
  /** The handling step by step with its reasons, as the reader may see it (petition-steps.ts). */
  readonly steps?: readonly PetitionStep[];
}

/** The case folded from its stream for GET /petitions/:id (read-your-writes). */
export function petitionView(
  petitionId: string,
  state: PetitionState,
  events: readonly PetitionEvent[],
  recorded: readonly RecordedEvent[],
): PetitionView {
  const submitted = events.find((e) => e.type === 'PetitionSubmitted')?.data as Submitted;
  const { petitionId: _id, ...summary } = summarize(state);
  let answer: string | undefined;
  let question: string | undefined;
  let rating: PetitionView['rating'];
  for (const e of events) {
    if (e.type === 'PetitionResponded') answer = e.data.answer;
    if (e.type === 'InformationRequested') question = e.data.question;
    if (e.type === 'PetitionRated')
      rating = { satisfaction: e.data.satisfaction, ...(e.data.comment ? { comment: e.data.comment } : {}), at: e.data.at };
  }
  const c = submitted.citizen;
  return {
    id: petitionId,
    revision: Number(recorded.at(-1)?.revision ?? -1),
    ...summary,
    channel: submitted.channel,
    ratedByCallBack: state.status !== 'initial' && ratedByCallBack(state),
    addressee: submitted.addressee,
    title: submitted.title,
    content: submitted.content,
    ...(submitted.location ? { location: submitted.location } : {}),
    ...(submitted.point && { point: submitted.point }),
    ...(submitted.districtCode && { districtCode: submitted.districtCode }),
    ...(c !== undefined && { citizen: (c as { erased?: boolean }).erased ? { erased: true } : c }),
    ...(answer !== undefined ? { answer } : {}),
    ...('awaitingInformation' in state &&
      state.awaitingInformation !== undefined && { awaitingInformation: { question: question ?? '', ...state.awaitingInformation } }),
    ...(rating ? { rating } : {}),
    history: events.map((e, i) => {
      const actor = (recorded[i].metadata.actor ?? {}) as { role?: string; departmentId?: string };
      return {
        revision: Number(recorded[i].revision),
        type: e.type,
        at: (e.data as { at: string }).at,
        actor: { role: actor.role, ...(actor.departmentId ? { departmentId: actor.departmentId } : {}) },
      };
    }),
  };
}

/**
 * The view as staff without a right to the personal data see it: the citizen block masked and
 * every free text in it (title, content, location, answer, rating comment, every step's and the
 * pending extension's reason or note) redacted, the citizen's name included.
 */
export function maskPetitionView<V extends PetitionView>(view: V): V {
  const citizen = view.citizen as (Partial<CitizenContact> & { erased?: boolean }) | undefined;
  const names = namesOf(citizen);
  return {
    ...redactFreeText(view, names),
    ...(citizen !== undefined && { citizen: maskCitizen(citizen) }),
    ...(view.rating ? { rating: redactFreeText(view.rating, names) } : {}),
    ...(view.pendingExtension ? { pendingExtension: redactFreeText(view.pendingExtension, names) } : {}),
    ...(view.awaitingInformation && { awaitingInformation: redactFreeText(view.awaitingInformation, names) }),
    ...(view.steps ? { steps: view.steps.map((s) => redactFreeText(s, names)) } : {}),
  };
}
