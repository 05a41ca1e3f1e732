import { Controller, ForbiddenException, Get, Header, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import type { Pool } from 'pg';
import { startOfLocalDay, toLocalIso } from '@wenzheng/calendar';
import { PG_POOL } from '@wenzheng/platform';
import { Clock } from '@wenzheng/petition-store';
import { ReferenceDataService, petitionViewTables } from '@wenzheng/read-models';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { IsLocalDate, IsNotBefore } from '../../calendar/local-date.validator';
import { badInput } from '../../http/validation';

// 承办人: figures per named handler inside one department, for that department's own staff and
// the supervision office. Staff names are shown here and in the department's queue, never on a
// public route. Read from the cases read model (handler_* columns of petition_views).

export class HandlerFiguresRequest {
  @ApiProperty({ example: '2026-10-01', description: 'first day (Asia/Shanghai) a case was assigned to a handler' })
  @IsLocalDate()
  from: string;

  @ApiProperty({ example: '2026-11-01', description: 'EXCLUSIVE: the day after the last day of the period' })
  @IsLocalDate()
  @IsNotBefore('from')
  to: string;
}

export class HandlerFiguresView {
  @ApiProperty({ example: 'staff-017', description: "the staff member's user id (token sub)" }) handlerId: string;
  @ApiProperty({ example: '李工' }) handlerName: string;
  @ApiProperty({ example: 12, description: 'cases assigned to this handler in the period (the latest assignment of each case counts)' })
  assigned: number;
  @ApiProperty({ example: 10, description: 'of those, answered (答复) by the department' }) answered: number;
  @ApiProperty({
    example: 1,
    description: 'of those, the answer came after respondBy, a response red light was lit, or respondBy passed unanswered',
  })
  overdue: number;
  @ApiPropertyOptional({
    example: 4.5,
    nullable: true,
    type: Number,
    description: 'working days from assignment to answer, for the answered ones; 2 decimals; null when none',
  })
  averageWorkingDays: number | null;
}

export class DepartmentHandlersView {
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty({ example: '2026-10-01' }) from: string;
  @ApiProperty({ example: '2026-11-01', description: 'exclusive' }) to: string;
  @ApiProperty({ example: '2026-11-20T10:00:00.000+08:00' }) asOf: string;
  @ApiProperty({ type: [HandlerFiguresView], description: 'one row per handler, most cases first' }) handlers: HandlerFiguresView[];
}

interface Row {
  handler_id: string;
  handler_name: string;
  handler_assigned_at: Date;
  responded_at: Date | null;
  respond_by: Date | null;
  respond_missed_at: Date | null;
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class HandlerFiguresController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly clock: Clock,
    private readonly reference: ReferenceDataService,
  ) {}

  @Get('departments/:departmentId/handlers')
  @Roles('handler', 'supervisor')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Figures per named handler (承办人) of one department: assigned, answered, overdue, average working days',
    description:
      "For the department's own staff (a handler token of that department) and supervisors; another department's handler gets 403. " +
      'Cases count by the day they were assigned to the handler, [from, to) Asia/Shanghai. Confidential cases included (internal). Never public.',
  })
  @ApiOkResponse({ type: DepartmentHandlersView })
  @ApiForbiddenResponse({ description: 'a handler of another department, or a role other than handler or supervisor' })
  async handlers(
    @Param('departmentId', new ParseUUIDPipe({ exceptionFactory: () => badInput('departmentId', 'isUuid', 'must be a UUID') }))
    departmentId: string,
    @Query() query: HandlerFiguresRequest,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<DepartmentHandlersView> {
    const id = departmentId.toLowerCase();
    const roles = principal?.roles ?? [];
    if (!roles.includes('supervisor') && principal?.departmentId?.toLowerCase() !== id) {
      throw new ForbiddenException('departmentId: a handler reads the figures of their own department only');
    }
    if (!this.reference.department(id)) throw badInput('departmentId', 'knownDepartment', 'unknown department');
    if (query.from === query.to) throw badInput('to', 'isAfterDay', 'must be after from (to is exclusive)');
    const now = this.clock.now();
    const { rows } = await this.pool.query<Row>(
      `select handler_id, handler_name, handler_assigned_at, responded_at, respond_by, respond_missed_at
         from ${petitionViewTables().cases}
        where department_id = $1 and handler_id is not null and handler_assigned_at >= $2 and handler_assigned_at < $3`,
      [id, startOfLocalDay(query.from), startOfLocalDay(query.to)],
    );
    const calendar = this.reference.calendar();
    const byHandler = new Map<string, { name: string; assigned: number; answered: number; overdue: number; days: number[] }>();
    for (const r of rows) {
      const h = byHandler.get(r.handler_id) ?? { name: r.handler_name, assigned: 0, answered: 0, overdue: 0, days: [] };
      byHandler.set(r.handler_id, h);
      h.assigned++;
      if (r.responded_at) {
        h.answered++;
        h.days.push(calendar.workingDaysBetween(r.handler_assigned_at, r.responded_at));
      }
      const late = r.respond_by !== null && (r.responded_at ?? now).getTime() > r.respond_by.getTime();
      if (late || r.respond_missed_at !== null) h.overdue++;
    }
    const handlers = [...byHandler.entries()]
      .map(([handlerId, h]) => ({
        handlerId,
        handlerName: h.name,
        assigned: h.assigned,
        answered: h.answered,
        overdue: h.overdue,
        averageWorkingDays: h.days.length ? Math.round((h.days.reduce((a, b) => a + b, 0) / h.days.length) * 100) / 100 : null,
      }))
      .sort((a, b) => b.assigned - a.assigned || (a.handlerId < b.handlerId ? -1 : 1));
    return { departmentId: id, from: query.from, to: query.to, asOf: toLocalIso(now), handlers };
  }
}
