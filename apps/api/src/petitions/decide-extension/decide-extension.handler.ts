import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, PetitionCommandRunner } from '../shared/petition-command-runner';
import { toDeadline } from '../shared/deadline-input';
import { DecideExtensionCommand } from './decide-extension.command';

@CommandHandler(DecideExtensionCommand)
export class DecideExtensionHandler implements ICommandHandler<DecideExtensionCommand, CommandResult> {
  constructor(
    private readonly runner: PetitionCommandRunner,
  ) {}

  async execute({ petitionId, body, meta }: DecideExtensionCommand): Promise<CommandResult> {
    return this.runner.execute(petitionId, (context) => ({ type: 'DecideExtension', data: { petitionId, approved: body.approved, ...(body.reason !== undefined && { reason: body.reason.trim() }), ...(body.respondBy !== undefined && { respondBy: toDeadline(body.respondBy) }) }, context }), meta);
  }
}
