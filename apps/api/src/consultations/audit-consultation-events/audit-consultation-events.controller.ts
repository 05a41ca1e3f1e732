import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { consultationStream } from '@wenzheng/consultation';
import { Roles } from '../../auth/auth.decorators';
import { ConsultationCommandRunner } from '@wenzheng/command-runner';
import { UuidParam } from '../shared/consultation-request';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/consultations')
export class AuditConsultationEventsController {
  constructor(private readonly runner: ConsultationCommandRunner) {}

  @Get(':id/events')
  @Roles('auditor')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Every event of a consultation with its metadata, in stream order (全程留痕)',
    description: "Opinions as their redacted copy, without the author (sealed in the store; the chain's hash covers the stored form).",
  })
  @ApiOkResponse({
    description: '{ consultationId, streamId, revision, events: [{ eventId, revision, type, data, metadata, recordedAt, position }] }',
    schema: {
      type: 'object',
      example: {
        consultationId: '0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e',
        streamId: 'consultation-0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e',
        revision: 0,
        events: [
          {
            eventId: 'e3b0c442-98fc-4c14-9afb-f4c8996fb924',
            revision: 0,
            type: 'ConsultationPublished',
            data: {},
            metadata: {},
            recordedAt: '2026-10-12T01:00:00.000Z',
            position: { commit: '2048', prepare: '2048' },
          },
        ],
      },
    },
  })
  async list(@Param('id', new UuidParam('id')) id: string) {
    const { recorded, events } = await this.runner.load(id);
    if (!recorded.length) throw new NotFoundException(`consultation ${id} not found`);
    return {
      consultationId: id,
      streamId: consultationStream(id),
      revision: Number(recorded[recorded.length - 1].revision),
      events: recorded.map((r, i) => ({
        eventId: r.id,
        revision: Number(r.revision),
        type: r.type,
        data: events[i].data,
        metadata: r.metadata,
        recordedAt: r.created.toISOString(),
        position: { commit: r.position.commit.toString(), prepare: r.position.prepare.toString() },
      })),
    };
  }
}
