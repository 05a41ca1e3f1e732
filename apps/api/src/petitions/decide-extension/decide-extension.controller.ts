import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest, commandMeta } from '../shared/command-request';
import { extensionDetails } from '../shared/result-details';
import { DecideExtensionCommand } from './decide-extension.command';
import { DecideExtensionDto } from './decide-extension.dto';

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class DecideExtensionController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/extension-decision')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: 'Approve or refuse a pending extension request (supervisor)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async decideExtension(@Param('id', PetitionIdPipe) id: string, @Body() body: DecideExtensionDto, @WriteRequest() request: RequestMeta) {
    const result = await this.commandBus.execute(new DecideExtensionCommand(id, body, commandMeta(request, ['supervisor'])));
    return { id, revision: result.revision, ...extensionDetails(result) };
  }
}
