import { randomUUID } from 'node:crypto';
import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { startOfLocalDay } from '@wenzheng/calendar';
import { Roles } from '../../auth/auth.decorators';
import { RequestMeta, WriteRequest, commandMeta } from '../../petitions/shared/command-request';
import { toDeadline } from '../../petitions/shared/deadline-input';
import { ReferenceDataService } from '@wenzheng/read-models';
import { ConsultationCommandRunner } from '@wenzheng/command-runner';
import { CONSULTATION_STAFF } from '../shared/consultation-request';
import { PublishConsultationDto } from './publish-consultation.dto';
import { badInput } from '../../http/validation';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

@ApiTags('consultations')
@ApiBearerAuth()
@Controller('consultations')
export class PublishConsultationController {
  constructor(
    private readonly runner: ConsultationCommandRunner,
    private readonly reference: ReferenceDataService,
  ) {}

  @Post()
  @Roles(...CONSULTATION_STAFF)
  @ApiOperation({ summary: 'Publish a draft for comment (意见征集), staff of the department or admin' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({
    schema: { example: { id: '5c0a1b2c-3d4e-4f50-8a6b-000000000001', revision: 0, summaryDueBy: '2026-12-02T15:59:59.999Z' } },
  })
  async publish(@Body() body: PublishConsultationDto, @WriteRequest() request: RequestMeta) {
    const meta = commandMeta(request, CONSULTATION_STAFF);
    const departmentId = meta.actor.role === 'admin' ? body.departmentId : meta.actor.departmentId;
    if (!departmentId) throw badInput('departmentId', 'required', 'required for an administrator');
    if (!this.reference.department(departmentId)) throw badInput('departmentId', 'knownDepartment', 'no such department');
    const id = request.claimed?.newId ?? randomUUID();
    const result = await this.runner.execute(
      id,
      (context) => ({
        type: 'PublishConsultation',
        data: {
          consultationId: id,
          departmentId,
          title: body.title.trim(),
          draft: body.draft,
          ...(body.contact ? { contact: body.contact.trim() } : {}),
          ...(body.attachments?.length ? { attachments: body.attachments.map((a) => ({ name: a.name.trim(), url: a.url })) } : {}),
          opensAt: DATE_ONLY.test(body.opensAt) ? startOfLocalDay(body.opensAt) : new Date(body.opensAt),
          closesAt: toDeadline(body.closesAt),
        },
        context,
      }),
      meta,
    );
    const state = result.state;
    return { id, revision: result.revision, summaryDueBy: state.status === 'initial' ? null : state.summaryDueBy };
  }
}
