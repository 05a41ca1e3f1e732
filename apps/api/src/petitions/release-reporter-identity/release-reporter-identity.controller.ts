import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest, commandMeta } from '../shared/command-request';
import { ReleaseReporterIdentityCommand, ReporterRelease } from './release-reporter-identity.command';
import { ReleaseReporterIdentityDto } from './release-reporter-identity.dto';

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class ReleaseReporterIdentityController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/reporter-release')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({
    summary: "Release a report's (举报) reporter identity to the department the case is with (supervisor, with a reason)",
    description: 'Recorded in the case as ReporterIdentityReleased; until then that department sees the reporter masked.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async release(@Param('id', PetitionIdPipe) id: string, @Body() body: ReleaseReporterIdentityDto, @WriteRequest() request: RequestMeta) {
    const result: ReporterRelease = await this.commandBus.execute(new ReleaseReporterIdentityCommand(id, body, commandMeta(request, ['supervisor'])));
    return { id, ...result };
  }
}
