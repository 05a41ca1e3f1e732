import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, PetitionCommandRunner } from '../shared/petition-command-runner';
import { ReturnPetitionCommand } from './return-petition.command';

@CommandHandler(ReturnPetitionCommand)
export class ReturnPetitionHandler implements ICommandHandler<ReturnPetitionCommand, CommandResult> {
  constructor(
    private readonly runner: PetitionCommandRunner,
  ) {}

  async execute({ petitionId, body, meta }: ReturnPetitionCommand): Promise<CommandResult> {
    return this.runner.execute(petitionId, (context) => ({ type: 'ReturnPetition', data: { petitionId, reason: body.reason.trim() }, context }), meta);
  }
}
