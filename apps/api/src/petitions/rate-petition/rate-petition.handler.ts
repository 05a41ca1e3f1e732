import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, PetitionCommandRunner } from '../shared/petition-command-runner';
import { RatePetitionCommand } from './rate-petition.command';

@CommandHandler(RatePetitionCommand)
export class RatePetitionHandler implements ICommandHandler<RatePetitionCommand, CommandResult> {
  constructor(private readonly runner: PetitionCommandRunner) {}

  async execute({ petitionId, body, meta }: RatePetitionCommand): Promise<CommandResult> {
    return this.runner.execute(
      petitionId,
      (context) => ({
        type: 'RatePetition',
        data: {
          petitionId,
          ...(body.satisfaction !== undefined && { satisfaction: body.satisfaction }),
          ...(body.comment && { comment: body.comment.trim() }),
          proof: body.proof,
          ...(body.via !== undefined && { via: body.via }),
          ...(body.outcome !== undefined && { outcome: body.outcome }),
          ...(body.attempts !== undefined && { attempts: body.attempts }),
        },
        context,
      }),
      meta,
    );
  }
}
