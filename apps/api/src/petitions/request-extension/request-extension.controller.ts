import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest, commandMeta } from '../shared/command-request';
import { RequestExtensionCommand } from './request-extension.command';
import { RequestExtensionDto } from './request-extension.dto';

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class RequestExtensionController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/extension-request')
  @HttpCode(200)
  @Roles('handler')
  @ApiOperation({ summary: 'Ask for more time (延期申请, handler)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async requestExtension(@Param('id', PetitionIdPipe) id: string, @Body() body: RequestExtensionDto, @WriteRequest() request: RequestMeta) {
    const result = await this.commandBus.execute(new RequestExtensionCommand(id, body, commandMeta(request, ['handler'])));
    return { id, revision: result.revision };
  }
}
