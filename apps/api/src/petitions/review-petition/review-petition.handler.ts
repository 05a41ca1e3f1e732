import { BadRequestException } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { notAnOriginal } from '@wenzheng/petition';
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
    if (body.outcome === 'duplicate' && body.duplicateOf && body.duplicateOf.toLowerCase() !== petitionId) {
      // Read-only: an original only moves forward (an accepted case is never rejected later), so no race matters.
      const problem = notAnOriginal((await this.runner.load(body.duplicateOf.toLowerCase())).state);
      if (problem) throw new BadRequestException(`duplicateOf: ${problem}`);
    }
    return this.runner.execute(petitionId, (context) => ({ type: 'ReviewPetition', data: { petitionId, outcome: body.outcome, ...(body.reason !== undefined && { reason: body.reason.trim() }), ...(body.categoryId && { categoryId: body.categoryId.toLowerCase() }), ...(body.confidential !== undefined && { confidential: body.confidential }), ...(body.duplicateOf && { duplicateOf: body.duplicateOf.toLowerCase() }) }, context }), meta);
  }
}
