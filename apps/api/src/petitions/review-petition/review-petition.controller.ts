import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { looksLikeTrackingCode, notAnOriginal, REVIEW_OUTCOMES, ReviewOutcome } from '@wenzheng/petition';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { PetitionCommandHandler, PetitionCommandSlice } from '../shared/petition-command.handler';
import { ApiCommandResponse } from '../shared/command-response';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { IsCleanText } from '../shared/validators';
import { LowerCaseId } from '@wenzheng/read-models';
import { badInput } from '../../http/validation';

export class ReviewPetitionDto {
  @ApiProperty({ enum: REVIEW_OUTCOMES })
  @IsIn(REVIEW_OUTCOMES)
  outcome: ReviewOutcome;

  @ApiPropertyOptional({ example: '诉求不属于受理范围', description: 'required unless accepted' })
  @ValidateIf((o: ReviewPetitionDto) => o.outcome !== 'accepted' || o.reason !== undefined)
  @IsString()
  @Length(2, 1000)
  @IsCleanText()
  reason?: string;

  @ApiPropertyOptional({ example: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f', format: 'uuid' })
  @IsOptional()
  @LowerCaseId()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ example: false, description: '涉密: never published' })
  @IsOptional()
  @IsBoolean()
  confidential?: boolean;

  @ApiPropertyOptional({ example: '0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e', format: 'uuid', description: 'required for duplicate' })
  @ValidateIf((o: ReviewPetitionDto) => o.outcome === 'duplicate' || o.duplicateOf !== undefined)
  @LowerCaseId()
  @IsUUID(undefined, {
    // the console and the citizen see the tracking code, so that is what gets pasted here
    message: ({ value }) =>
      looksLikeTrackingCode(value) ? '$property must be the case id (a UUID), not the tracking code' : '$property must be a UUID',
  })
  duplicateOf?: string;
}

export const reviewPetition: PetitionCommandSlice<ReviewPetitionDto> = {
  check: async (petitionId, body, { reference, stateOf }) => {
    if (body.categoryId && !reference.category(body.categoryId.toLowerCase()))
      throw badInput('categoryId', 'knownCategory', 'unknown category');
    if (body.outcome === 'duplicate' && body.duplicateOf && body.duplicateOf.toLowerCase() !== petitionId) {
      // Read before deciding, without a lock: an original only moves forward (an accepted case is
      // never rejected later), so a race cannot make it stop being one.
      const problem = notAnOriginal(await stateOf(body.duplicateOf.toLowerCase()));
      if (problem) throw badInput('duplicateOf', 'duplicateOriginal', problem);
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
