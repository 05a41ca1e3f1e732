import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, PetitionCommandRunner } from '../shared/petition-command-runner';
import { RespondToPetitionCommand } from './respond-to-petition.command';

@CommandHandler(RespondToPetitionCommand)
export class RespondToPetitionHandler implements ICommandHandler<RespondToPetitionCommand, CommandResult> {
  constructor(
    private readonly runner: PetitionCommandRunner,
  ) {}

  async execute({ petitionId, body, meta }: RespondToPetitionCommand): Promise<CommandResult> {
    return this.runner.execute(petitionId, (context) => ({ type: 'RespondToPetition', data: { petitionId, answer: body.answer.trim() }, context }), meta);
  }
}
