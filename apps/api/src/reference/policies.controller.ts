import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { PolicyChangeView, PolicyListView, TimeLimitPolicyDto } from '@wenzheng/read-models';
import { ReferenceDataService } from '@wenzheng/read-models';
import { KindParam } from '@wenzheng/read-models';

@ApiTags('reference data')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/policies')
export class PoliciesController {
  constructor(private readonly reference: ReferenceDataService) {}

  @Get()
  @ApiOperation({ summary: 'Time limits (时限) per petition kind (admin)' })
  @ApiOkResponse({ type: PolicyListView })
  @ApiUnauthorizedResponse()
  @ApiForbiddenResponse()
  list(): PolicyListView {
    return { items: [...this.reference.policyRecords()] };
  }

  @Put(':kind')
  @ApiOperation({
    summary: 'Set all six time limits of one petition kind (admin)',
    description: 'Applies to deadlines computed from now on; deadlines already stored in events are not rewritten.',
  })
  @ApiOkResponse({ type: PolicyChangeView })
  @ApiBadRequestResponse({ description: 'kind is not a petition kind, or a number is missing or out of range' })
  @ApiUnauthorizedResponse()
  @ApiForbiddenResponse()
  set(@Param() params: KindParam, @Body() body: TimeLimitPolicyDto): Promise<PolicyChangeView> {
    return this.reference.setPolicy(params.kind, body);
  }
}

/** The time limits as staff read them: the reviewer's dispatch previews the deadlines the kind's policy gives. */
@ApiTags('reference data')
@ApiBearerAuth()
@Roles('reviewer', 'supervisor', 'admin')
@Controller('policies')
export class PolicyReadController {
  constructor(private readonly reference: ReferenceDataService) {}

  @Get()
  @ApiOperation({ summary: 'Time limits (时限) per petition kind, as dispatch applies them (reviewer, supervisor, admin)' })
  @ApiOkResponse({ type: PolicyListView })
  @ApiUnauthorizedResponse()
  @ApiForbiddenResponse()
  list(): PolicyListView {
    return { items: [...this.reference.policyRecords()] };
  }
}
