import { Body, Controller, HttpCode, Param, Post, UnauthorizedException } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/auth.decorators';
import { RequestMeta, WriteRequest, commandMeta } from '../shared/command-request';
import { PetitionRef, PetitionRefPipe } from '../shared/petition-ref';
import { ratedDetails } from '../shared/result-details';
import { SUBMITTER_PROOF_REQUIRED, SubmitterProof, SubmitterProofValue } from '../shared/submitter-proof';
import { RatePetitionCommand } from './rate-petition.command';
import { RatePetitionDto } from './rate-petition.dto';

@ApiTags('petitions')
@Controller('petitions')
export class RatePetitionController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':ref/rate')
  @HttpCode(200)
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
    // A call-back is the operator's act: their token is the proof, and the decider checks the role.
    const callback = body.via !== undefined;
    if (!callback && !proof.userId && !proof.accessKeyHash) throw new UnauthorizedException(SUBMITTER_PROOF_REQUIRED);
    const meta = commandMeta(request, callback ? ['reviewer'] : ['citizen']);
    const result = await this.commandBus.execute(new RatePetitionCommand(id, { ...body, proof }, meta));
    return { id, revision: result.revision, ...ratedDetails(result) };
  }
}
