import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, PetitionCommandRunner } from '../shared/petition-command-runner';
import { AcknowledgePetitionCommand } from './acknowledge-petition.command';

@CommandHandler(AcknowledgePetitionCommand)
export class AcknowledgePetitionHandler implements ICommandHandler<AcknowledgePetitionCommand, CommandResult> {
  constructor(
    private readonly runner: PetitionCommandRunner,
  ) {}

  async execute({ petitionId, meta }: AcknowledgePetitionCommand): Promise<CommandResult> {
    return this.runner.execute(petitionId, (context) => ({ type: 'AcknowledgePetition', data: { petitionId }, context }), meta);
  }
}
