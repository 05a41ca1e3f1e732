import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../shared/petition-command-runner';
import type { SubmitPetitionDto } from './submit-petition.dto';

export interface SubmitPetitionResult {
  readonly id: string;
  readonly trackingCode: string;
  readonly accessKey: string;
  readonly revision: number;
  readonly replayed: boolean;
}

export class SubmitPetitionCommand extends Command<SubmitPetitionResult> {
  constructor(
    readonly petitionId: string,
    readonly body: SubmitPetitionDto,
    readonly meta: CommandMeta,
    readonly submitterUserId: string | undefined,
  ) {
    super();
  }
}
