import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, PetitionCommandRunner } from '../shared/petition-command-runner';
import { ReopenPetitionCommand } from './reopen-petition.command';

@CommandHandler(ReopenPetitionCommand)
export class ReopenPetitionHandler implements ICommandHandler<ReopenPetitionCommand, CommandResult> {
  constructor(
    private readonly runner: PetitionCommandRunner,
  ) {}

  async execute({ petitionId, body, meta }: ReopenPetitionCommand): Promise<CommandResult> {
    return this.runner.execute(petitionId, (context) => ({ type: 'ReopenPetition', data: { petitionId, reason: body.reason.trim() }, context }), meta);
  }
}
