import { BadRequestException, Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { notAnOriginal } from '@wenzheng/petition';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { PetitionCommandHandler, PetitionCommandSlice } from '../shared/petition-command.handler';
import { ReviewPetitionDto } from './review-petition.dto';
import { ApiCommandResponse } from '../shared/command-response';

export const reviewPetition: PetitionCommandSlice<ReviewPetitionDto> = {
  check: async (petitionId, body, { reference, stateOf }) => {
    if (body.categoryId && !reference.category(body.categoryId.toLowerCase()))
      throw new BadRequestException('categoryId: unknown category');
    if (body.outcome === 'duplicate' && body.duplicateOf && body.duplicateOf.toLowerCase() !== petitionId) {
      // Read before deciding, without a lock: an original only moves forward (an accepted case is
      // never rejected later), so a race cannot make it stop being one.
      const problem = notAnOriginal(await stateOf(body.duplicateOf.toLowerCase()));
      if (problem) throw new BadRequestException(`duplicateOf: ${problem}`);
    }
  },
  toCommand: (petitionId, body, context) => ({
    type: 'ReviewPetition',
    data: {
      petitionId,
      outcome: body.outcome,
      ...(body.reason !== undefined && { reason: body.reason.trim() }),
      ...(body.categoryId && { categoryId: body.categoryId.toLowerCase() }),
      ...(body.confidential !== undefined && { confidential: body.confidential }),
      ...(body.duplicateOf && { duplicateOf: body.duplicateOf.toLowerCase() }),
    },
    context,
  }),
};

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class ReviewPetitionController {
  constructor(private readonly commands: PetitionCommandHandler) {}

  @Post(':id/review')
  @HttpCode(200)
  @ApiCommandResponse()
  @Roles('reviewer')
  @ApiOperation({ summary: 'Review a submitted petition: accept, reject or mark as duplicate (reviewer)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async reviewPetition(@Param('id', PetitionIdPipe) id: string, @Body() body: ReviewPetitionDto, @WriteRequest() request: RequestMeta) {
    return this.commands.handle(reviewPetition, id, body, request);
  }
}
