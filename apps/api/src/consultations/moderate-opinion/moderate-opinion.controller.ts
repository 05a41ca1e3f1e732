import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { RequestMeta, WriteRequest, commandMeta } from '../../petitions/shared/command-request';
import { ConsultationCommandRunner } from '@wenzheng/command-runner';
import { CONSULTATION_STAFF, UuidParam } from '../shared/consultation-request';
import { ModerateOpinionDto } from './moderate-opinion.dto';

@ApiTags('consultations')
@ApiBearerAuth()
@Controller('consultations')
export class ModerateOpinionController {
  constructor(private readonly runner: ConsultationCommandRunner) {}

  @Post(':id/opinions/:opinionId/moderation')
  @HttpCode(200)
  @Roles(...CONSULTATION_STAFF)
  @ApiOperation({ summary: 'Publish or reject a pending opinion (a private one can only be rejected), staff of the department' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({
    schema: { example: { consultationId: '5c0a1b2c-3d4e-4f50-8a6b-000000000001', opinionId: '8d6c…', revision: 4, status: 'published' } },
  })
  async moderate(
    @Param('id', new UuidParam('id')) id: string,
    @Param('opinionId', new UuidParam('opinionId')) opinionId: string,
    @Body() body: ModerateOpinionDto,
    @WriteRequest() request: RequestMeta,
  ) {
    const result = await this.runner.execute(
      id,
      (context) => ({
        type: 'ModerateOpinion',
        data: { consultationId: id, opinionId, decision: body.decision, ...(body.reason ? { reason: body.reason.trim() } : {}) },
        context,
      }),
      commandMeta(request, CONSULTATION_STAFF),
    );
    return { consultationId: id, opinionId, revision: result.revision, status: body.decision };
  }
}
