import { ForbiddenException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PersonalDataAccessLog } from '../../audit/shared/personal-data-access-log';
import { PetitionCommandRunner } from '../shared/petition-command-runner';
import { GetPetitionQuery } from './get-petition.query';
import { PetitionView, maskPetitionView, petitionView } from './petition-view';
import { readAccess } from './read-access';

export const GET_PETITION_ROUTE = 'GET /api/petitions/:id';

export interface PetitionReadView extends PetitionView {
  readonly personalData: 'masked' | 'shown';
}

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
  ) {}

  async execute({ petitionId, principal, accessKeyHash, reason }: GetPetitionQuery): Promise<PetitionReadView> {
    if (!principal && !accessKeyHash) throw new UnauthorizedException('a bearer token or the X-Access-Key of the case is required');
    const notFound = new NotFoundException(`petition ${petitionId} not found`);
    const { state, events, recorded } = await this.runner.load(petitionId);
    if (state.status === 'initial') throw notFound;
    const access = readAccess({ principal, holdsAccessKey: accessKeyHash !== undefined && accessKeyHash === state.submitter.accessKeyHash, reason }, state, events);
    switch (access.see) {
      case 'nothing':
        throw notFound;
      case 'refused':
        throw new ForbiddenException(access.message);
      case 'masked':
        return { ...maskPetitionView(petitionView(petitionId, state, events, recorded)), personalData: 'masked' };
      case 'clear':
        if (principal && access.logAs !== undefined) {
          await this.accessLog.record({ sub: principal.sub, roles: principal.roles, petitionId, route: GET_PETITION_ROUTE, reason: access.logAs });
        }
        return { ...petitionView(petitionId, state, events, recorded), personalData: 'shown' };
      default: {
        const never: never = access;
        throw new Error(`unknown access ${JSON.stringify(never)}`);
      }
    }
  }
}
