import { randomUUID } from 'node:crypto';
import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/auth.decorators';
import { AnonymousRateLimitGuard } from '../../http/anonymous-rate-limit.guard';
import { RequestMeta, WriteRequest, commandMeta } from '../shared/command-request';
import { SubmitPetitionCommand } from './submit-petition.command';
import { SubmitPetitionDto } from './submit-petition.dto';

@ApiTags('petitions')
@Controller('petitions')
@UseGuards(AnonymousRateLimitGuard)
export class SubmitPetitionController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Public()
  @ApiOperation({ summary: 'Submit a petition (anyone). Returns the tracking code and, once, the access key.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ description: '{ id, trackingCode, accessKey, revision }' })
  async submit(@Body() body: SubmitPetitionDto, @WriteRequest() request: RequestMeta) {
    // Never derived from the key: a random id reserved with it, so a retry after a crash lands on the same case.
    const id = body.id?.toLowerCase() ?? request.claimed?.newId ?? randomUUID();
    const meta = commandMeta(request, ['citizen']);
    const citizenAccount = request.principal?.roles.includes('citizen') ? request.principal.sub : undefined;
    const result = await this.commandBus.execute(new SubmitPetitionCommand(id, body, meta, citizenAccount));
    return { id: result.id, trackingCode: result.trackingCode, accessKey: result.accessKey, revision: result.revision };
  }
}
