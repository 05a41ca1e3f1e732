import { Controller, Get, Header, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import type { AccessLogPage } from '../shared/personal-data-access-log';
import { ListAccessLogDto } from './list-access-log.dto';
import { ListAccessLogQuery } from './list-access-log.query';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/access-log')
export class ListAccessLogController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('auditor')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Reads of personal data in clear (audit routes with a reason, GET /petitions/:id by staff): who, which case, when, why, which route; newest first',
  })
  @ApiOkResponse({
    description: '{ items: [{ id, accessedAt, sub, roles, petitionId, route, reason }], nextCursor? }',
    schema: {
      type: 'object',
      example: {
        items: [
          {
            id: '42',
            accessedAt: '2026-10-14T01:00:00.000Z',
            sub: 'auditor-7',
            roles: ['auditor'],
            petitionId: '0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e',
            route: 'GET /api/audit/petitions/:id/events',
            reason: '纪检监察 2026-017 号核查',
          },
        ],
      },
    },
  })
  @ApiBadRequestResponse({ description: 'a filter, the limit or the cursor is invalid (the message names it)' })
  list(@Query() filter: ListAccessLogDto): Promise<AccessLogPage> {
    return this.queryBus.execute(new ListAccessLogQuery(filter));
  }
}
