import { randomUUID } from 'node:crypto';
import { Body, Controller, Param, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/auth.decorators';
import { AnonymousRateLimitGuard } from '../../http/anonymous-rate-limit.guard';
import { RequestMeta, WriteRequest, commandMeta } from '../../petitions/shared/command-request';
import { ConsultationCommandRunner } from '@wenzheng/command-runner';
import { UuidParam } from '../shared/consultation-request';
import { SubmitOpinionDto } from './submit-opinion.dto';

@ApiTags('consultations')
@Controller('consultations')
@UseGuards(AnonymousRateLimitGuard)
export class SubmitOpinionController {
  constructor(private readonly runner: ConsultationCommandRunner) {}

  @Post(':id/opinions')
  @Public()
  @ApiOperation({
    summary: 'Submit an opinion on a draft, anyone (anonymous allowed, rate-limited)',
    description:
      'Only during the period (409 otherwise). Published after moderation, unless private. The account (if signed in and not anonymous) is recorded sealed and never shown.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({
    schema: { example: { consultationId: '5c0a1b2c-3d4e-4f50-8a6b-000000000001', opinionId: '8d6c…', revision: 3, status: 'pending' } },
  })
  async submit(@Param('id', new UuidParam('id')) id: string, @Body() body: SubmitOpinionDto, @WriteRequest() request: RequestMeta) {
    const opinionId = request.claimed?.newId ?? randomUUID();
    const author = request.principal && !body.anonymous ? request.principal.sub : undefined;
    const result = await this.runner.execute(
      id,
      (context) => ({
        type: 'SubmitOpinion',
        data: { consultationId: id, opinionId, text: body.text.trim(), private: body.private ?? false, ...(author ? { author } : {}) },
        context,
      }),
      commandMeta(request, ['citizen']),
    );
    return { consultationId: id, opinionId, revision: result.revision, status: 'pending' };
  }
}
