import { BadRequestException } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ReferenceDataService } from '../../reference/reference-data.service';
import { CommandResult, PetitionCommandRunner } from '../shared/petition-command-runner';
import { ReviewPetitionCommand } from './review-petition.command';

@CommandHandler(ReviewPetitionCommand)
export class ReviewPetitionHandler implements ICommandHandler<ReviewPetitionCommand, CommandResult> {
  constructor(
    private readonly runner: PetitionCommandRunner,
    private readonly reference: ReferenceDataService,
  ) {}

  async execute({ petitionId, body, meta }: ReviewPetitionCommand): Promise<CommandResult> {
    if (body.categoryId && !this.reference.category(body.categoryId.toLowerCase())) throw new BadRequestException('categoryId: unknown category');
    return this.runner.execute(petitionId, (context) => ({ type: 'ReviewPetition', data: { petitionId, outcome: body.outcome, ...(body.reason !== undefined && { reason: body.reason.trim() }), ...(body.categoryId && { categoryId: body.categoryId.toLowerCase() }), ...(body.confidential !== undefined && { confidential: body.confidential }), ...(body.duplicateOf && { duplicateOf: body.duplicateOf.toLowerCase() }) }, context }), meta);
  }
}
