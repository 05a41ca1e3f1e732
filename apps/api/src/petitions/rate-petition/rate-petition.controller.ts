import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, ApiPropertyOptional } from '@nestjs/swagger';
import { Public } from '../../auth/auth.decorators';
import { RequestMeta, WriteRequest } from '../shared/command-request';
import { PetitionCommandHandler, PetitionCommandSlice, statusAndCloseReason } from '../shared/petition-command.handler';
import { PetitionRef, PetitionRefPipe } from '../shared/petition-ref';
import {
  SUBMITTER_PROOF_REQUIRED,
  SubmitterProof,
  SubmitterProofValue,
  missingSubmitterProof,
  refuseCallbackByOthers,
} from '../shared/submitter-proof';
import { ApiCommandResponse } from '../shared/command-response';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { CALLBACK_OUTCOMES, CallbackOutcome, RATING_VIAS, RatingVia, SATISFACTIONS, Satisfaction } from '@wenzheng/petition';
import { IsCleanText } from '../shared/validators';

export class RatePetitionDto {
  @ApiPropertyOptional({
    enum: SATISFACTIONS,
    description: 'satisfied 满意, basically_satisfied 基本满意, unsatisfied 不满意; required unless outcome is unreachable',
  })
  @ValidateIf((o: RatePetitionDto) => o.outcome !== 'unreachable' || o.satisfaction !== undefined)
  @IsIn(SATISFACTIONS)
  satisfaction?: Satisfaction;

  @ApiPropertyOptional({ example: '处理及时，已恢复供水' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  @IsCleanText()
  comment?: string;

  @ApiPropertyOptional({ enum: RATING_VIAS, description: '回访: a reviewer records the rating for a caller after a call-back' })
  @IsOptional()
  @IsIn(RATING_VIAS)
  via?: RatingVia;

  @ApiPropertyOptional({
    enum: CALLBACK_OUTCOMES,
    default: 'reached',
    description: 'call-backs only: unreachable closes the case as no_rating_in_time',
  })
  @IsOptional()
  @IsIn(CALLBACK_OUTCOMES)
  outcome?: CallbackOutcome;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 20,
    example: 3,
    description: "call-backs only: attempts made; unreachable needs at least the policy's callbackAttempts",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  attempts?: number;
}

export const ratePetition: PetitionCommandSlice<RatePetitionDto & { proof: SubmitterProofValue }> = {
  toCommand: (petitionId, body, context) => ({
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
  // A rating may close the case at once (satisfied, or a caller who cannot be reached).
  details: statusAndCloseReason,
};

@ApiTags('petitions')
@Controller('petitions')
export class RatePetitionController {
  constructor(private readonly commands: PetitionCommandHandler) {}

  @Post(':ref/rate')
  @HttpCode(200)
  @ApiCommandResponse({ status: 'closed', closeReason: 'rated' })
  @Public()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Rate the answer (网友评分), by the submitter: citizen token or X-Access-Key; or 回访 by a reviewer',
    description:
      'A reviewer (bearer token) records a hotline caller\'s rating after a call-back with "via": "callback", or ' +
      '"via": "callback", "outcome": "unreachable", "attempts": n (at least the policy\'s callbackAttempts): the case then ' +
      'closes as no_rating_in_time without deduction. A citizen may not send via (403); a case already rated: 409.',
  })
  @ApiHeader({ name: 'X-Access-Key', required: false })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async ratePetition(
    @Param('ref', PetitionRefPipe) { id }: PetitionRef,
    @Body() body: RatePetitionDto,
    @SubmitterProof({ optional: true }) proof: SubmitterProofValue,
    @WriteRequest() request: RequestMeta,
  ) {
    // A public route whose actor depends on the body: a call-back is the operator's act (their
    // token is the proof, the decider checks the role), any other rating the submitter's.
    const callback = body.via !== undefined;
    if (callback) refuseCallbackByOthers(request.principal);
    if (!callback && !proof.userId && !proof.accessKeyHash) throw missingSubmitterProof(request.principal, SUBMITTER_PROOF_REQUIRED);
    return this.commands.handle(ratePetition, id, { ...body, proof }, { ...request, roles: callback ? ['reviewer'] : ['citizen'] });
  }
}
