import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { RequestMeta, WriteRequest, commandMeta } from '../../petitions/shared/command-request';
import { ConsultationCommandRunner } from '@wenzheng/command-runner';
import { CONSULTATION_STAFF, UuidParam } from '../shared/consultation-request';

@ApiTags('consultations')
@ApiBearerAuth()
@Controller('consultations')
export class CloseConsultationController {
  constructor(private readonly runner: ConsultationCommandRunner) {}

  @Post(':id/close')
  @HttpCode(200)
  @Roles(...CONSULTATION_STAFF)
  @ApiOperation({ summary: 'Close the consultation once its period is over (the system also does), staff of the department' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ schema: { example: { id: '5c0a1b2c-3d4e-4f50-8a6b-000000000001', revision: 7, status: 'closed' } } })
  async close(@Param('id', new UuidParam('id')) id: string, @WriteRequest() request: RequestMeta) {
    const result = await this.runner.execute(
      id,
      (context) => ({ type: 'CloseConsultation', data: { consultationId: id }, context }),
      commandMeta(request, CONSULTATION_STAFF),
    );
    return { id, revision: result.revision, status: result.state.status };
  }
}
