import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, PetitionCommandRunner } from '../shared/petition-command-runner';
import { toDeadline } from '../shared/deadline-input';
import { RequestExtensionCommand } from './request-extension.command';

@CommandHandler(RequestExtensionCommand)
export class RequestExtensionHandler implements ICommandHandler<RequestExtensionCommand, CommandResult> {
  constructor(
    private readonly runner: PetitionCommandRunner,
  ) {}

  async execute({ petitionId, body, meta }: RequestExtensionCommand): Promise<CommandResult> {
    return this.runner.execute(petitionId, (context) => ({ type: 'RequestExtension', data: { petitionId, reason: body.reason.trim(), requestedRespondBy: toDeadline(body.requestedRespondBy) }, context }), meta);
  }
}
