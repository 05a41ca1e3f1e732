import { ForbiddenException, Inject, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { citizenNamesIn } from '@wenzheng/petition-store';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { PetitionEvent, PetitionState, isPublic, isShownPublicly, policyOfKind, ratingWindowEnds, reviewDueBy } from '@wenzheng/petition';
import { PersonalDataAccessLog } from '../../audit/shared/personal-data-access-log';
import { MailboxesService, ReferenceDataService } from '@wenzheng/read-models';
import { DuplicateRef, duplicatesOf } from '@wenzheng/read-models';
import { PG_POOL } from '@wenzheng/platform';
import { interviewSourceView } from '../../interviews/read-interviews/interview-source';
import { caseAttachments } from '../../attachments/case-attachments';
import { PetitionCommandRunner } from '@wenzheng/command-runner';
import { GetPetitionQuery } from './get-petition.query';
import { DuplicateOriginal, petitionSteps, publicCaseUrl } from '@wenzheng/read-models';
import { PetitionView, maskPetitionView, petitionView } from './petition-view';
import { readAccess, readsAsSubmitter } from './read-access';

export const GET_PETITION_ROUTE = 'GET /api/petitions/:id';

export interface PetitionReadView extends Omit<PetitionView, 'pendingExtension'> {
  readonly personalData: 'masked' | 'shown';
  /** The submitter gets it without the reason (internal to the department and the supervisor). */
  readonly pendingExtension?: Omit<NonNullable<PetitionView['pendingExtension']>, 'reason'> & { readonly reason?: string };
  /** Staff: the cases closed as duplicates of this one (the `cases` read model). */
  readonly duplicates?: readonly DuplicateRef[];
  /**
   * Every attachment of the case (submission, comments, answer), with the link to its original
   * (GET /api/petitions/:id/attachments/:attachmentId, which applies the same read access): the
   * console and "my case" list them from here. No file names are recorded, so nothing personal.
   */
  readonly attachments?: ReadonlyArray<{
    id: string;
    contentType: string;
    size: number;
    on: string;
    commentId?: string;
    at: string;
    url: string;
  }>;
  /** 领导信箱 the letter was written to, with (staff only) the department such letters usually go to: the reviewer's suggestion. */
  readonly mailbox?: { readonly id: string; readonly title?: string; readonly departmentId?: string };
  /** 评价期限: while an answer awaits its rating, the last instant to rate it (after it the case closes unrated). */
  readonly rateBy?: string;
  /** 审核期限: while the case awaits review (submitted), by when the hotline office reviews it (rules.reviewDueBy). */
  readonly reviewBy?: string;
  /** On the public site now (accepted, not confidential, consented, not taken off): 跟帖 is taken only then. */
  readonly shownPublicly: boolean;
}

const withoutReason = <T extends { reason?: string }>({ reason: _internal, ...rest }: T): Omit<T, 'reason'> => rest;

/**
 * The case for whoever may see it, in clear or masked as read-access.ts decides. Every read in
 * clear by staff is recorded in the access log before the answer leaves; a case the caller may
 * not see answers exactly as an unknown one.
 */
@QueryHandler(GetPetitionQuery)
export class GetPetitionHandler implements IQueryHandler<GetPetitionQuery, PetitionReadView> {
  constructor(
    private readonly runner: PetitionCommandRunner,
    private readonly accessLog: PersonalDataAccessLog,
    private readonly reference: ReferenceDataService,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly mailboxes: MailboxesService,
  ) {}

  async execute({ petitionId, principal, accessKeyHash, reason, ref }: GetPetitionQuery): Promise<PetitionReadView> {
    if (!principal && !accessKeyHash) throw new UnauthorizedException('a bearer token or the X-Access-Key of the case is required');
    // Named as the caller named it: a tracking code's 404 must not reveal the id behind it.
    const notFound = new NotFoundException(`petition ${ref} not found`);
    const { state, events, recorded } = await this.runner.load(petitionId);
    if (state.status === 'initial') throw notFound;
    const reader = { principal, holdsAccessKey: accessKeyHash !== undefined && accessKeyHash === state.submitter.accessKeyHash, reason };
    const access = readAccess(reader, state, events);
    if (access.see === 'nothing') throw notFound;
    if (access.see === 'refused') throw new ForbiddenException(access.message);
    const asSubmitter = readsAsSubmitter(reader, state);
    const steps = petitionSteps(events, asSubmitter ? 'submitter' : 'staff', {
      departmentName: (id) => this.reference.department(id)?.name,
      duplicateOf: await this.duplicateOriginal(events),
    });
    const duplicates = asSubmitter ? undefined : await duplicatesOf(this.pool, petitionId);
    const source = state.source && (await interviewSourceView(this.pool, state.source));
    const attachments = caseAttachments(recorded, events).map(({ id, contentType, size, source: from, at }) => ({
      id,
      contentType,
      size,
      ...from,
      at,
      url: `/api/petitions/${petitionId}/attachments/${id}`,
    }));
    const folded = petitionView(petitionId, state, events, recorded);
    const mailboxId = folded.addressee.mailboxId;
    const box = mailboxId ? this.mailboxes.byId(mailboxId) : undefined;
    const view = {
      ...folded,
      ...(mailboxId && {
        mailbox: {
          id: mailboxId,
          ...(box && { title: box.title }),
          ...(!asSubmitter && box?.departmentId && { departmentId: box.departmentId }),
        },
      }),
      steps,
      ...(attachments.length > 0 && { attachments }),
      ...(duplicates && { duplicates }),
      ...(source && { source }),
      ...this.ratingDeadline(state),
      ...this.reviewDeadline(state),
      shownPublicly: isShownPublicly(state),
    };
    switch (access.see) {
      case 'masked':
        return { ...maskPetitionView(view), personalData: 'masked' };
      case 'clear':
        if (principal && access.logAs !== undefined) {
          await this.accessLog.record(
            {
              sub: principal.sub,
              roles: principal.roles,
              petitionId,
              route: GET_PETITION_ROUTE,
              reason: access.logAs,
            },
            citizenNamesIn(events),
          );
        }
        // The department's case for more time is argued to the supervisor, not to the citizen.
        return {
          ...view,
          ...(asSubmitter && view.pendingExtension && { pendingExtension: withoutReason(view.pendingExtension) }),
          personalData: 'shown',
        };
      default: {
        const never: never = access;
        throw new Error(`unknown access ${JSON.stringify(never)}`);
      }
    }
  }

  /** As the decider counts it (rules.ratingWindowEnds), with the policy in force. */
  private ratingDeadline(state: PetitionState): { rateBy?: string } {
    if (state.status !== 'responded') return {};
    const policy = policyOfKind(this.reference.policies(), state.kind);
    if (!policy) return {};
    return { rateBy: ratingWindowEnds(new Date(state.respondedAt), this.reference.calendar(), policy).toISOString() };
  }

  /** As the decider and the watcher count it (rules.reviewDueBy), with the policy in force; as the review queue shows it. */
  private reviewDeadline(state: PetitionState): { reviewBy?: string } {
    if (state.status !== 'submitted') return {};
    const policy = policyOfKind(this.reference.policies(), state.kind);
    if (!policy) return {};
    return { reviewBy: reviewDueBy(new Date(state.submittedAt), this.reference.calendar(), policy).toISOString() };
  }

  /** The case a duplicate repeats, read from its own stream: its tracking code, and its public page if it is public. */
  private async duplicateOriginal(events: readonly PetitionEvent[]): Promise<DuplicateOriginal | undefined> {
    const review = events.find((e) => e.type === 'PetitionReviewed' && e.data.outcome === 'duplicate');
    const originalId = review?.type === 'PetitionReviewed' ? review.data.duplicateOf : undefined;
    if (!originalId) return undefined;
    const { state } = await this.runner.load(originalId);
    if (state.status === 'initial') return undefined;
    return { trackingCode: state.trackingCode, ...(isPublic(state) && { url: publicCaseUrl(state.trackingCode) }) };
  }
}
