import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest, commandMeta } from '../shared/command-request';
import { acknowledgedDetails } from '../shared/result-details';
import { AcknowledgePetitionCommand } from './acknowledge-petition.command';
import { AcknowledgePetitionDto } from './acknowledge-petition.dto';

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class AcknowledgePetitionController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('handler')
  @ApiOperation({ summary: 'Sign for a case (签收/回应) as its department (handler)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async acknowledgePetition(@Param('id', PetitionIdPipe) id: string, @Body() body: AcknowledgePetitionDto, @WriteRequest() request: RequestMeta) {
    const result = await this.commandBus.execute(new AcknowledgePetitionCommand(id, body, commandMeta(request, ['handler'])));
    return { id, revision: result.revision, ...acknowledgedDetails(result) };
  }
}
