import { Body, ConflictException, Controller, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, ApiProperty } from '@nestjs/swagger';
import { currentDepartmentOf } from '@wenzheng/petition';
import { Roles } from '../../auth/auth.decorators';
import { Clock } from '@wenzheng/petition-store';
import { PetitionIdPipe, RequestMeta, WriteRequest, commandMeta } from '../shared/command-request';
import { PetitionCommandRunner } from '@wenzheng/command-runner';
import { REPORTER_IDENTITY_RELEASED, ReporterIdentityReleasedData } from '@wenzheng/platform-events';
import { ApiCommandResponse } from '../shared/command-response';
import { IsString } from 'class-validator';
import { IsReasonLength, REASON_MAX, REASON_MIN } from '../../audit/shared/audit-read.dto';
import { IsCleanText } from '../shared/validators';

export class ReleaseReporterIdentityDto {
  @ApiProperty({ minLength: REASON_MIN, maxLength: REASON_MAX, example: '核实举报事项需当面询问举报人，督查室 2026-031 号批准' })
  @IsString()
  @IsReasonLength()
  @IsCleanText({ singleLine: true })
  reason: string;
}

/** A platform event, not a decider command: checked here and appended through the runner's platform path. */
@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class ReleaseReporterIdentityController {
  constructor(
    private readonly runner: PetitionCommandRunner,
    private readonly clock: Clock,
  ) {}

  @Post(':id/reporter-release')
  @HttpCode(200)
  @ApiCommandResponse({ departmentId: '6f1c2a9e-3b7d-4c5e-8a9f-1d2e3f4a5b6c' })
  @Roles('supervisor')
  @ApiOperation({
    summary: "Release a report's (举报) reporter identity to the department the case is with (supervisor, with a reason)",
    description: 'Recorded in the case as ReporterIdentityReleased; until then that department sees the reporter masked.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async release(@Param('id', PetitionIdPipe) id: string, @Body() body: ReleaseReporterIdentityDto, @WriteRequest() request: RequestMeta) {
    const meta = commandMeta(request);
    const { state } = await this.runner.load(id);
    if (state.status === 'initial') throw new NotFoundException(`petition ${id} not found`);
    if (state.kind !== 'report')
      throw new ConflictException(`cannot release the reporter: petition is a ${state.kind}, not a report (举报)`);
    const departmentId = currentDepartmentOf(state);
    if (departmentId === undefined)
      throw new ConflictException(`cannot release the reporter: no department holds the petition (status ${state.status})`);
    const data: ReporterIdentityReleasedData = {
      petitionId: id,
      at: this.clock.now().toISOString(),
      departmentId,
      reason: body.reason.trim(),
    };
    const revision = await this.runner.appendPlatformEvents(id, [{ type: REPORTER_IDENTITY_RELEASED, data: { ...data } }], meta);
    return { id, revision, departmentId };
  }
}
