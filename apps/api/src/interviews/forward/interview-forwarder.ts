import { Injectable } from '@nestjs/common';
import type { Actor } from '@wenzheng/petition';
import { CitizenCredentials, hashAccessKey } from '../../petitions/shared/citizen-credentials';
import { PetitionCommandRunner } from '@wenzheng/command-runner';
import { InterviewCommandRunner } from '../shared/interview-command-runner';

// The system submits, accepts and dispatches what it forwards: the petition names its source, which
// lets it do without a citizen contact and a reviewer (systemHandles in @wenzheng/petition).
const SYSTEM: Actor = { id: 'system', role: 'system' };

/** A UUID derived, under the server secret, from the interview and the question: a retry finds the same petition. */
export function forwardedPetitionId(credentials: CitizenCredentials, interviewId: string, questionId: string): string {
  return credentials.derivedId(`interview-question:${interviewId}:${questionId}`, 5);
}

/**
 * The question and every question merged into it, however deep: a question that took others in
 * may itself be merged later, and their words must still reach the petition its target becomes.
 */
function coveredBy(questionId: string, mergedInto: ReadonlyMap<string, readonly string[]>): string[] {
  const covered = [questionId];
  for (let i = 0; i < covered.length; i++) {
    for (const q of mergedInto.get(covered[i]) ?? []) if (!covered.includes(q)) covered.push(q);
  }
  return covered;
}

/**
 * After the transcript: every approved question left unanswered becomes a petition, submitted,
 * accepted and dispatched to the interview's department, then recorded on the interview
 * (InterviewQuestionForwarded). Every command id derives from the interview and the question, so a
 * retry after a failure at any step appends each event once and loses no question.
 */
@Injectable()
export class InterviewForwarder {
  constructor(
    private readonly interviews: InterviewCommandRunner,
    private readonly petitions: PetitionCommandRunner,
    private readonly credentials: CitizenCredentials,
  ) {}

  async forwardUnanswered(interviewId: string): Promise<{ questionId: string; petitionId: string }[]> {
    const { events, state } = await this.interviews.load(interviewId);
    if (state.status !== 'published') return [];
    const texts = new Map<string, string>();
    const mergedInto = new Map<string, string[]>();
    for (const e of events) {
      if (e.type === 'InterviewQuestionSubmitted') texts.set(e.data.questionId, e.data.text);
      if (e.type === 'InterviewQuestionsMerged')
        mergedInto.set(e.data.into, [...(mergedInto.get(e.data.into) ?? []), ...e.data.questionIds]);
    }
    const scheduled = events.find((e) => e.type === 'InterviewScheduled');
    const topic = scheduled?.type === 'InterviewScheduled' ? scheduled.data.topic : '';
    const forwarded = [];
    for (const questionId of state.unanswered) {
      const petitionId = forwardedPetitionId(this.credentials, interviewId, questionId);
      const key = `interview-forward:${interviewId}:${questionId}`;
      const meta = (step: string, actor: Actor) => ({ commandId: `${key}:${step}`, correlationId: interviewId, actor });
      const asked = coveredBy(questionId, mergedInto)
        .map((q) => texts.get(q) ?? '')
        .filter(Boolean);
      await this.petitions.execute(
        petitionId,
        (context) => ({
          type: 'SubmitPetition',
          data: {
            petitionId,
            trackingCode: this.credentials.newTrackingCode(context.calendar.localDate(context.now)),
            channel: 'web',
            kind: 'consultation',
            addressee: { type: 'department', departmentId: state.departmentId },
            title: `在线访谈未答问题：${topic}`.slice(0, 100),
            content: asked.join('\n——\n'),
            source: { kind: 'interview', id: interviewId, questionId },
            publicConsent: true,
            submitter: { accessKeyHash: hashAccessKey(this.credentials.accessKeyFor(petitionId)) },
          },
          context,
        }),
        meta('submit', SYSTEM),
      );
      await this.petitions.execute(
        petitionId,
        (context) => ({ type: 'ReviewPetition', data: { petitionId, outcome: 'accepted' }, context }),
        meta('review', SYSTEM),
      );
      await this.petitions.execute(
        petitionId,
        (context) => ({
          type: 'DispatchPetition',
          data: { petitionId, departmentId: state.departmentId, note: `在线访谈 ${interviewId}` },
          context,
        }),
        meta('dispatch', SYSTEM),
      );
      await this.interviews.execute(
        interviewId,
        (context) => ({ type: 'ForwardQuestion', data: { interviewId, questionId, petitionId }, context }),
        meta('link', SYSTEM),
      );
      forwarded.push({ questionId, petitionId });
    }
    return forwarded;
  }
}
