import { createHash, randomUUID } from 'node:crypto';
import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/auth.decorators';
import { AnonymousRateLimitGuard } from '../../http/anonymous-rate-limit.guard';
import { RequestMeta, WriteRequest, commandMeta } from '../shared/command-request';
import { SubmitPetitionCommand } from './submit-petition.command';
import { SubmitPetitionDto } from './submit-petition.dto';

/** A stable petition id for an Idempotency-Key, so a retried submission finds its first result. */
function petitionIdFor(key: string): string {
  const h = createHash('sha256').update(`petition:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

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
    const id = body.id?.toLowerCase() ?? (request.idempotencyKey ? petitionIdFor(request.idempotencyKey) : randomUUID());
    const meta = commandMeta(request, ['citizen']);
    const citizenAccount = request.principal?.roles.includes('citizen') ? request.principal.sub : undefined;
    const result = await this.commandBus.execute(new SubmitPetitionCommand(id, body, meta, citizenAccount));
    return { id: result.id, trackingCode: result.trackingCode, accessKey: result.accessKey, revision: result.revision };
  }
}
