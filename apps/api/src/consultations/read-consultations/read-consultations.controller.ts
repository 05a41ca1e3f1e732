import { Controller, ForbiddenException, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { OffsetPageDto } from '../../http/offset-page';
import { isConsultationStaff } from '@wenzheng/consultation';
import { CurrentPrincipal, Public, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { actorFor } from '../../petitions/shared/command-request';
import { CONSULTATION_STAFF, UuidParam } from '../shared/consultation-request';
import { ConsultationReader, managementView, publicView } from './consultation-reader';
import { LowerCaseId } from '@wenzheng/read-models';

export class ListConsultationsDto extends OffsetPageDto {
  @ApiPropertyOptional({ description: 'Staff list only: administrators may pick a department' })
  @IsOptional()
  @LowerCaseId()
  @IsUUID()
  departmentId?: string;
}

const EXAMPLE_ITEM = {
  id: '5c0a1b2c-3d4e-4f50-8a6b-000000000001',
  departmentId: '3f1e…',
  title: '《温州市城市供水管理条例（征求意见稿）》公开征求意见',
  status: 'summarised',
  opensAt: '2026-10-11T16:00:00.000Z',
  closesAt: '2026-11-11T15:59:59.999Z',
  summaryDueBy: '2026-12-02T15:59:59.999Z',
  opinionsReceived: 12,
  opinionsPublished: 7,
  summaryPublishedAt: '2026-11-20T02:00:00.000Z',
};

@ApiTags('consultations')
@Controller()
export class ReadConsultationsController {
  constructor(private readonly reader: ConsultationReader) {}

  @Get('public/consultations')
  @Public()
  @ApiOperation({ summary: 'Consultations (意见征集), newest first, with their counts' })
  @ApiOkResponse({ schema: { example: { items: [EXAMPLE_ITEM], total: 1 } } })
  list(@Query() q: ListConsultationsDto) {
    return this.reader.list({ limit: q.limit ?? 20, offset: q.offset ?? 0 });
  }

  @Get('public/consultations/:id')
  @Public()
  @ApiOperation({ summary: 'One consultation: the draft, counts, published opinions (personal data masked) and the feedback summary' })
  @ApiOkResponse({
    schema: {
      example: {
        ...EXAMPLE_ITEM,
        draft: '第一条 ……',
        contact: '市水务局法规处',
        attachments: [{ name: '征求意见稿全文.pdf', url: 'https://www.example.gov.cn/zqyj/2026/12/draft.pdf' }],
        opinions: [{ opinionId: '8d6c…', text: '建议听证期延长至30日，电话139****5678', submittedAt: '2026-10-20T02:00:00.000Z' }],
        summary: {
          items: [{ topic: '听证期限', outcome: 'adopted', reason: '已延长至30日' }],
          text: '共收到意见12条……',
          publishedAt: '2026-11-20T02:00:00.000Z',
          late: false,
        },
      },
    },
  })
  async one(@Param('id', new UuidParam('id')) id: string) {
    const found = await this.reader.one(id);
    if (!found) throw new NotFoundException(`consultation ${id} not found`);
    return publicView(found.row, found.opinions);
  }

  @Get('consultations')
  @Roles(...CONSULTATION_STAFF)
  @ApiBearerAuth()
  @ApiOperation({ summary: "The department's consultations (a handler: its own department; admin: all or ?departmentId=)" })
  @ApiOkResponse({ schema: { example: { items: [EXAMPLE_ITEM], total: 1 } } })
  departmentList(@Query() q: ListConsultationsDto, @CurrentPrincipal() principal: Principal) {
    const actor = actorFor(principal, CONSULTATION_STAFF);
    const departmentId = actor.role === 'admin' ? q.departmentId : actor.departmentId;
    if (actor.role !== 'admin' && !departmentId) throw new ForbiddenException('the token names no department');
    return this.reader.list({ limit: q.limit ?? 20, offset: q.offset ?? 0, departmentId });
  }

  @Get('consultations/:id')
  @Roles(...CONSULTATION_STAFF)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      "The department's management view: every opinion with its moderation status (redacted copies; never an author), pending and private counts, the red light",
  })
  @ApiOkResponse({
    schema: {
      example: {
        ...EXAMPLE_ITEM,
        opinionsPending: 2,
        opinionsPrivate: 1,
        redLight: null,
        opinions: [{ opinionId: '8d6c…', text: '……', private: false, status: 'pending', moderatedAt: null }],
      },
    },
  })
  async manage(@Param('id', new UuidParam('id')) id: string, @CurrentPrincipal() principal: Principal) {
    const found = await this.reader.one(id);
    if (!found) throw new NotFoundException(`consultation ${id} not found`);
    if (!isConsultationStaff(actorFor(principal, CONSULTATION_STAFF), found.row.departmentId)) {
      throw new ForbiddenException('only staff of the department that published the consultation');
    }
    return managementView(found.row, found.opinions);
  }
}
