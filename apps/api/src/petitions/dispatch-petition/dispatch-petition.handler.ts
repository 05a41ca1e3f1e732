import { BadRequestException } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ReferenceDataService } from '../../reference/reference-data.service';
import { CommandResult, PetitionCommandRunner } from '../shared/petition-command-runner';
import { DispatchPetitionCommand } from './dispatch-petition.command';

@CommandHandler(DispatchPetitionCommand)
export class DispatchPetitionHandler implements ICommandHandler<DispatchPetitionCommand, CommandResult> {
  constructor(
    private readonly runner: PetitionCommandRunner,
    private readonly reference: ReferenceDataService,
  ) {}

  async execute({ petitionId, body, meta }: DispatchPetitionCommand): Promise<CommandResult> {
    if (!this.reference.department(body.departmentId.toLowerCase())?.active) throw new BadRequestException('departmentId: unknown or inactive department');
    return this.runner.execute(petitionId, (context) => ({ type: 'DispatchPetition', data: { petitionId, departmentId: body.departmentId.toLowerCase(), ...(body.note && { note: body.note.trim() }) }, context }), meta);
  }
}
