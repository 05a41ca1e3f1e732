import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../shared/petition-command-runner';
import type { ReleaseReporterIdentityDto } from './release-reporter-identity.dto';

export interface ReporterRelease {
  readonly revision: number;
  readonly departmentId: string;
}

export class ReleaseReporterIdentityCommand extends Command<ReporterRelease> {
  constructor(
    readonly petitionId: string,
    readonly body: ReleaseReporterIdentityDto,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
