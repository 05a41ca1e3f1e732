import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, PetitionCommandRunner } from '../shared/petition-command-runner';
import { EscalatePetitionCommand } from './escalate-petition.command';

@CommandHandler(EscalatePetitionCommand)
export class EscalatePetitionHandler implements ICommandHandler<EscalatePetitionCommand, CommandResult> {
  constructor(
    private readonly runner: PetitionCommandRunner,
  ) {}

  async execute({ petitionId, body, meta }: EscalatePetitionCommand): Promise<CommandResult> {
    return this.runner.execute(petitionId, (context) => ({ type: 'EscalatePetition', data: { petitionId, reason: body.reason.trim() }, context }), meta);
  }
}
