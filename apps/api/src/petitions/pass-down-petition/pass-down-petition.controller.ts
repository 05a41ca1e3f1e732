import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ReferenceDataService } from '@wenzheng/read-models';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { ApiCommandResponse } from '../shared/command-response';
import { PetitionCommandHandler, PetitionCommandSlice, producedEvent } from '../shared/petition-command.handler';
import { IsCleanText } from '../shared/validators';
import { LowerCaseId } from '@wenzheng/read-models';
import { badInput } from '../../http/validation';

export class PassDownPetitionDto {
  @ApiProperty({
    format: 'uuid',
    example: '3c5e7a9b-2d4f-4a6c-8e0b-1d3f5a7c9e2b',
    description: 'the unit under the department working the case in the department tree (区县 → 街道 → 社区)',
  })
  @LowerCaseId()
  @IsUUID()
  departmentId: string;

  @ApiPropertyOptional({ example: '请属地街道现场核实后反馈' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  @IsCleanText()
  note?: string;
}

/** 下派: the target's place in the tree is read here (reference data) and judged by the decider. */
export const passDownPetition = (reference: ReferenceDataService): PetitionCommandSlice<PassDownPetitionDto> => ({
  check: (_petitionId, body) => {
    if (!reference.department(body.departmentId.toLowerCase())?.active)
      throw badInput('departmentId', 'activeDepartment', 'unknown or inactive department');
  },
  toCommand: (petitionId, body, context) => {
    const departmentId = body.departmentId.toLowerCase();
    return {
      type: 'PassDownPetition',
      data: { petitionId, departmentId, ancestry: reference.ancestorsOf(departmentId), ...(body.note && { note: body.note.trim() }) },
      context,
    };
  },
  details: (result) => {
    const e = producedEvent(result, 'PetitionPassedDown');
    return e ? { departmentId: e.data.departmentId, fromDepartmentId: e.data.fromDepartmentId } : {};
  },
});

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class PassDownPetitionController {
  private readonly slice: PetitionCommandSlice<PassDownPetitionDto>;

  constructor(
    private readonly commands: PetitionCommandHandler,
    reference: ReferenceDataService,
  ) {
    this.slice = passDownPetition(reference);
  }

  @Post(':id/pass-down')
  @HttpCode(200)
  @ApiCommandResponse({ departmentId: '3c5e7a9b-2d4f-4a6c-8e0b-1d3f5a7c9e2b', fromDepartmentId: '6f1c2a9e-3b7d-4c5e-8a9f-1d2e3f4a5b6c' })
  @Roles('handler')
  @ApiOperation({
    summary: 'Pass the case down to a unit under the department working it (下派, handler)',
    description:
      'After signing for it (409 before). The unit works the case and answers up (POST :id/answer-up); the lead stays ' +
      'responsible, answers the citizen and keeps the deadlines. A unit not under the department working the case: 400; ' +
      'another department: 403.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async passDown(@Param('id', PetitionIdPipe) id: string, @Body() body: PassDownPetitionDto, @WriteRequest() request: RequestMeta) {
    return this.commands.handle(this.slice, id, body, request);
  }
}
