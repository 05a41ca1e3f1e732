import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { RequestMeta, WriteRequest, commandMeta } from '../../petitions/shared/command-request';
import { ConsultationCommandRunner } from '@wenzheng/command-runner';
import { CONSULTATION_STAFF, UuidParam } from '../shared/consultation-request';
import { PublishFeedbackSummaryDto } from './publish-feedback-summary.dto';

@ApiTags('consultations')
@ApiBearerAuth()
@Controller('consultations')
export class PublishFeedbackSummaryController {
  constructor(private readonly runner: ConsultationCommandRunner) {}

  @Post(':id/summary')
  @HttpCode(200)
  @Roles(...CONSULTATION_STAFF)
  @ApiOperation({ summary: 'Publish the feedback summary (采纳情况反馈) after closing, staff of the department; late after summaryDueBy' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ schema: { example: { id: '5c0a1b2c-3d4e-4f50-8a6b-000000000001', revision: 9, status: 'summarised', late: false } } })
  async publish(
    @Param('id', new UuidParam('id')) id: string,
    @Body() body: PublishFeedbackSummaryDto,
    @WriteRequest() request: RequestMeta,
  ) {
    const items = body.items.map((i) => ({
      ...(i.opinionId ? { opinionId: i.opinionId.toLowerCase() } : {}),
      topic: i.topic.trim(),
      outcome: i.outcome,
      reason: i.reason.trim(),
    }));
    const result = await this.runner.execute(
      id,
      (context) => ({
        type: 'PublishFeedbackSummary',
        data: { consultationId: id, items, text: body.text.trim() },
        context,
      }),
      commandMeta(request, CONSULTATION_STAFF),
    );
    const late = result.events.some((e) => e.type === 'FeedbackSummaryPublished' && e.data.late);
    return { id, revision: result.revision, status: result.state.status, late };
  }
}
