import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest, commandMeta } from '../shared/command-request';
import { ratedDetails } from '../shared/result-details';
import { SubmitterProof, SubmitterProofValue } from '../shared/submitter-proof';
import { RatePetitionCommand } from './rate-petition.command';
import { RatePetitionDto } from './rate-petition.dto';

@ApiTags('petitions')
@Controller('petitions')
export class RatePetitionController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/rate')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Rate the answer (网友评分), by the submitter: citizen token or X-Access-Key' })
  @ApiHeader({ name: 'X-Access-Key', required: false })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async ratePetition(
    @Param('id', PetitionIdPipe) id: string,
    @Body() body: RatePetitionDto,
    @SubmitterProof() proof: SubmitterProofValue,
    @WriteRequest() request: RequestMeta,
  ) {
    const result = await this.commandBus.execute(new RatePetitionCommand(id, { ...body, proof }, commandMeta(request, ['citizen'])));
    return { id, revision: result.revision, ...ratedDetails(result) };
  }
}
