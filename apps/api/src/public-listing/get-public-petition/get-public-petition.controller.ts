import { Controller, Get, Param, PipeTransform } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { parseTrackingCode, TRACKING_CODE_EXAMPLE } from '@wenzheng/petition';
import { Public } from '../../auth/auth.decorators';
import { PublicPetitionDetail } from '../shared/public-petition-view';
import { GetPublicPetitionQuery } from './get-public-petition.query';
import { badInput } from '../../http/validation';

const ZJ = { id: 'd2ac3be5-26ce-4dbb-bdc7-527ad82d6ce5', name: '市住房和城乡建设局' };
const ZF = { id: 'f1bdda95-4f1d-4b9d-8c27-acc5901b8505', name: '市综合行政执法局' };
const EXAMPLE: PublicPetitionDetail = {
  trackingCode: 'WZ20261012-7K3M9Q2XAB',
  status: 'closed',
  kind: 'complaint',
  channel: 'web',
  department: ZF,
  citizen: '李*',
  title: '小区夜间施工噪音扰民',
  excerpt: '瓯海区某工地每晚11点后仍在施工，噪音严重影响休息，请尽快处理。',
  content: '瓯海区某工地每晚11点后仍在施工，噪音严重影响休息，请尽快处理。',
  answer: '已责令工地夜间停工，并安排执法队员夜间巡查。',
  submittedAt: '2026-10-12T01:20:00.000Z',
  respondedAt: '2026-10-22T06:00:00.000Z',
  closedAt: '2026-10-23T02:00:00.000Z',
  rating: { satisfaction: 'satisfied' },
  commentCount: 0,
  comments: [],
  steps: [
    { step: 'received', at: '2026-10-12T01:20:00.000Z' },
    { step: 'accepted', at: '2026-10-12T02:05:00.000Z' },
    {
      step: 'dispatched',
      at: '2026-10-12T02:10:00.000Z',
      department: ZJ,
      acknowledgeBy: '2026-10-13T15:59:59.999Z',
      respondBy: '2026-10-22T15:59:59.999Z',
    },
    { step: 'returned', at: '2026-10-12T08:00:00.000Z', department: ZJ },
    {
      step: 'dispatched',
      at: '2026-10-12T09:00:00.000Z',
      department: ZF,
      acknowledgeBy: '2026-10-13T15:59:59.999Z',
      respondBy: '2026-10-22T15:59:59.999Z',
    },
    { step: 'acknowledged', at: '2026-10-14T01:30:00.000Z', department: ZF, onTime: false, acknowledgeBy: '2026-10-13T15:59:59.999Z' },
    { step: 'escalated', at: '2026-10-14T02:00:00.000Z', department: ZF, automatic: false, level: 1 },
    { step: 'extended', at: '2026-10-16T03:00:00.000Z', department: ZF, respondBy: '2026-10-27T15:59:59.999Z', automatic: false },
    { step: 'answered', at: '2026-10-22T06:00:00.000Z', department: ZF, onTime: true, respondBy: '2026-10-27T15:59:59.999Z' },
    { step: 'rated', at: '2026-10-23T02:00:00.000Z', department: ZF, satisfaction: 'satisfied' },
    { step: 'closed', at: '2026-10-23T02:00:00.000Z' },
  ],
};

/** Citizens type codes by hand: read as @wenzheng/petition's parseTrackingCode reads them (case, widths, dashes, O for 0). */
export class TrackingCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const code = parseTrackingCode(value);
    if (!code) throw badInput('trackingCode', 'isTrackingCode', `must look like ${TRACKING_CODE_EXAMPLE}`);
    return code;
  }
}

@ApiTags('public')
@Controller('public/petitions')
export class GetPublicPetitionController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':trackingCode')
  @Public()
  @ApiOperation({
    summary: 'One public case by its tracking code: redacted, with answer, rating, comments (跟帖) and its whole handling (全过程公开)',
    description:
      '`steps` lists the handling in order: times, departments, deadlines met or missed, new deadlines, the satisfaction. ' +
      'No people, no reasons (退单, 督办, extension), no notes and no personal data.',
  })
  @ApiParam({ name: 'trackingCode', example: 'WZ20261012-7K3M9Q2XAB' })
  @ApiOkResponse({ type: PublicPetitionDetail, example: EXAMPLE })
  @ApiBadRequestResponse({ description: 'not a tracking code' })
  @ApiNotFoundResponse({ description: 'no public case has this code (unknown, not yet accepted, confidential or not consented)' })
  get(@Param('trackingCode', TrackingCodePipe) trackingCode: string): Promise<PublicPetitionDetail> {
    return this.queryBus.execute(new GetPublicPetitionQuery(trackingCode));
  }
}
