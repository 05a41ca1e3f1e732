import { ForbiddenException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PetitionCommandRunner } from '../shared/petition-command-runner';
import { GetPetitionQuery } from './get-petition.query';
import { PetitionView, petitionView } from './petition-view';

const STAFF_WITH_PERSONAL_DATA = ['reviewer', 'supervisor', 'admin'] as const;

/**
 * Reviewers, supervisors and admins see the whole case; a handler sees cases dispatched to their
 * department; auditors see it with personal data masked (the audit routes unmask with a reason);
 * the submitter sees their own case with a citizen token or the access key.
 */
@QueryHandler(GetPetitionQuery)
export class GetPetitionHandler implements IQueryHandler<GetPetitionQuery, PetitionView> {
  constructor(private readonly runner: PetitionCommandRunner) {}

  async execute({ petitionId, principal, accessKeyHash }: GetPetitionQuery): Promise<PetitionView> {
    if (!principal && !accessKeyHash) throw new UnauthorizedException('a bearer token or the X-Access-Key of the case is required');
    const { state, events, recorded } = await this.runner.load(petitionId);
    if (state.status === 'initial') throw new NotFoundException(`petition ${petitionId} not found`);
    const roles = principal?.roles ?? [];
    const isSubmitter =
      (accessKeyHash !== undefined && accessKeyHash === state.submitter.accessKeyHash) ||
      (roles.includes('citizen') && principal?.sub !== undefined && principal.sub === state.submitter.userId);
    const dispatchedToHandler =
      roles.includes('handler') &&
      principal?.departmentId !== undefined &&
      events.some((e) => e.type === 'PetitionDispatched' && e.data.departmentId === principal.departmentId);
    if (isSubmitter || dispatchedToHandler || STAFF_WITH_PERSONAL_DATA.some((r) => roles.includes(r))) {
      return petitionView(petitionId, state, events, recorded, true);
    }
    if (roles.includes('auditor')) return petitionView(petitionId, state, events, recorded, false);
    throw new ForbiddenException('not allowed to read this petition');
  }
}
