import { BadRequestException, Controller, Get, Param, PipeTransform } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/auth.decorators';
import { PublicPetitionDetail, TRACKING_CODE } from '../shared/public-petition-view';
import { GetPublicPetitionQuery } from './get-public-petition.query';

/** Citizens type codes by hand: case does not matter, the shape does. */
export class TrackingCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
    if (!TRACKING_CODE.test(code)) throw new BadRequestException('trackingCode: must look like WZ20261012-7K3M9Q2XAB');
    return code;
  }
}

@ApiTags('public')
@Controller('public/petitions')
export class GetPublicPetitionController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':trackingCode')
  @Public()
  @ApiOperation({ summary: 'One public case by its tracking code: redacted, with answer, rating and comments (跟帖)' })
  @ApiParam({ name: 'trackingCode', example: 'WZ20261012-7K3M9Q2XAB' })
  @ApiOkResponse({ type: PublicPetitionDetail })
  @ApiBadRequestResponse({ description: 'not a tracking code' })
  @ApiNotFoundResponse({ description: 'no public case has this code (unknown, not yet accepted, confidential or not consented)' })
  get(@Param('trackingCode', TrackingCodePipe) trackingCode: string): Promise<PublicPetitionDetail> {
    return this.queryBus.execute(new GetPublicPetitionQuery(trackingCode));
  }
}
