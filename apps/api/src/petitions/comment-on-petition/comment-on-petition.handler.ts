import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, PetitionCommandRunner } from '../shared/petition-command-runner';
import { CommentOnPetitionCommand } from './comment-on-petition.command';

@CommandHandler(CommentOnPetitionCommand)
export class CommentOnPetitionHandler implements ICommandHandler<CommentOnPetitionCommand, CommandResult> {
  constructor(private readonly runner: PetitionCommandRunner) {}

  async execute({ petitionId, body, meta }: CommentOnPetitionCommand): Promise<CommandResult> {
    return this.runner.execute(
      petitionId,
      (context) => ({ type: 'CommentOnPetition', data: { petitionId, text: body.text.trim(), author: body.author }, context }),
      meta,
    );
  }
}
