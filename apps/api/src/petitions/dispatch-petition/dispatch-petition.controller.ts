import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest, commandMeta } from '../shared/command-request';
import { dispatchedDetails } from '../shared/result-details';
import { DispatchPetitionCommand } from './dispatch-petition.command';
import { DispatchPetitionDto } from './dispatch-petition.dto';

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class DispatchPetitionController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/dispatch')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({ summary: 'Dispatch (or re-dispatch) a petition to a department (reviewer); computes acknowledgeBy and respondBy' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async dispatchPetition(@Param('id', PetitionIdPipe) id: string, @Body() body: DispatchPetitionDto, @WriteRequest() request: RequestMeta) {
    const result = await this.commandBus.execute(new DispatchPetitionCommand(id, body, commandMeta(request, ['reviewer'])));
    return { id, revision: result.revision, ...dispatchedDetails(result) };
  }
}
