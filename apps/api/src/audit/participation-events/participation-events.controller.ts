import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { UuidParam } from '../../consultations/shared/consultation-request';
import { AuditReadDto } from '../shared/audit-read.dto';
import { ParticipationEventsAudit, ParticipationHistory, ParticipationKind } from './participation-history';

const DESCRIPTION =
  "Free text (opinions, questions, survey answers) as its redacted copy and no author unless ?reason= is stated; with a reason the sealed words and author are opened under `personal` ('erased' once erased) and the read is recorded in the access log. Each event's metadata carries its hash: GET /api/audit/verify walks this stream's chain too.";

const EXAMPLE = {
  kind: 'survey',
  id: '0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e',
  streamId: 'survey-0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e',
  revision: 0,
  personalData: 'masked',
  events: [
    {
      eventId: 'e3b0c442-98fc-4c14-9afb-f4c8996fb924',
      revision: 0,
      type: 'SurveyPublished',
      data: {},
      metadata: {},
      actor: { id: 'handler-a', role: 'handler' },
      hash: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      recordedAt: '2026-10-12T01:00:00.000Z',
      position: { commit: '2048', prepare: '2048' },
    },
  ],
};

const ok = ApiOkResponse({
  description:
    '{ kind, id, streamId, revision, personalData, events: [{ eventId, revision, type, data, metadata, actor, commandId, correlationId, causationId, occurredAt, hash, recordedAt, position }] }',
  schema: { type: 'object', example: EXAMPLE },
});

/** The audit trail (全程留痕) of the participation streams, read like a case's. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class ParticipationEventsController {
  constructor(private readonly history: ParticipationHistory) {}

  private list(kind: ParticipationKind, id: string, query: AuditReadDto, principal: Principal): Promise<ParticipationEventsAudit> {
    return this.history.list(kind, id, { principal, reason: query.reason });
  }

  @Get('consultations/:id/events')
  @Roles('auditor')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Every event of a consultation with its metadata, in stream order (全程留痕)', description: DESCRIPTION })
  @ok
  consultation(@Param('id', new UuidParam('id')) id: string, @Query() query: AuditReadDto, @CurrentPrincipal() principal: Principal) {
    return this.list('consultation', id, query, principal);
  }

  @Get('surveys/:id/events')
  @Roles('auditor')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Every event of a survey with its metadata, in stream order (全程留痕)', description: DESCRIPTION })
  @ok
  survey(@Param('id', new UuidParam('id')) id: string, @Query() query: AuditReadDto, @CurrentPrincipal() principal: Principal) {
    return this.list('survey', id, query, principal);
  }

  @Get('interviews/:id/events')
  @Roles('auditor')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Every event of an online interview with its metadata, in stream order (全程留痕)', description: DESCRIPTION })
  @ok
  interview(@Param('id', new UuidParam('id')) id: string, @Query() query: AuditReadDto, @CurrentPrincipal() principal: Principal) {
    return this.list('interview', id, query, principal);
  }
}
