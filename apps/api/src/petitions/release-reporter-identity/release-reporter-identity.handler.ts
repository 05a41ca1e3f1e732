import { ConflictException, NotFoundException } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { currentDepartmentOf } from '@wenzheng/petition';
import { Clock } from '../shared/clock';
import { PetitionCommandRunner } from '../shared/petition-command-runner';
import { ReleaseReporterIdentityCommand, ReporterRelease } from './release-reporter-identity.command';
import { REPORTER_IDENTITY_RELEASED, ReporterIdentityReleasedData } from './reporter-identity-released';

@CommandHandler(ReleaseReporterIdentityCommand)
export class ReleaseReporterIdentityHandler implements ICommandHandler<ReleaseReporterIdentityCommand, ReporterRelease> {
  constructor(
    private readonly runner: PetitionCommandRunner,
    private readonly clock: Clock,
  ) {}

  async execute({ petitionId, body, meta }: ReleaseReporterIdentityCommand): Promise<ReporterRelease> {
    const { state } = await this.runner.load(petitionId);
    if (state.status === 'initial') throw new NotFoundException(`petition ${petitionId} not found`);
    if (state.kind !== 'report') throw new ConflictException(`cannot release the reporter: petition is a ${state.kind}, not a report (举报)`);
    const departmentId = currentDepartmentOf(state);
    if (departmentId === undefined) throw new ConflictException(`cannot release the reporter: no department holds the petition (status ${state.status})`);
    const data: ReporterIdentityReleasedData = { petitionId, at: this.clock.now().toISOString(), departmentId, reason: body.reason.trim() };
    const revision = await this.runner.appendPlatformEvents(petitionId, [{ type: REPORTER_IDENTITY_RELEASED, data: { ...data } }], meta);
    return { revision, departmentId };
  }
}
