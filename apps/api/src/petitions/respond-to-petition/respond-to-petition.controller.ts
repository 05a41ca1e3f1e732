import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest, commandMeta } from '../shared/command-request';
import { respondedDetails } from '../shared/result-details';
import { RespondToPetitionCommand } from './respond-to-petition.command';
import { RespondToPetitionDto } from './respond-to-petition.dto';

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class RespondToPetitionController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/respond')
  @HttpCode(200)
  @Roles('handler')
  @ApiOperation({ summary: 'Answer a case (答复/办复, handler)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async respondToPetition(@Param('id', PetitionIdPipe) id: string, @Body() body: RespondToPetitionDto, @WriteRequest() request: RequestMeta) {
    const result = await this.commandBus.execute(new RespondToPetitionCommand(id, body, commandMeta(request, ['handler'])));
    return { id, revision: result.revision, ...respondedDetails(result) };
  }
}
