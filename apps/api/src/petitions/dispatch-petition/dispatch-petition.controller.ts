import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { PetitionCommandHandler, PetitionCommandSlice, producedEvent } from '../shared/petition-command.handler';
import { ApiCommandResponse } from '../shared/command-response';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { MAX_ASSISTING_DEPARTMENTS } from '@wenzheng/petition';
import { IsCleanText } from '../shared/validators';
import { LowerCaseId } from '@wenzheng/read-models';
import { badInput } from '../../http/validation';

export class DispatchPetitionDto {
  @ApiProperty({ example: '6f1c2a9e-3b7d-4c5e-8a9f-1d2e3f4a5b6c', format: 'uuid' })
  @LowerCaseId()
  @IsUUID()
  departmentId: string;

  @ApiPropertyOptional({ example: '请会同属地街道现场核实' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  @IsCleanText()
  note?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_ASSISTING_DEPARTMENTS,
    example: ['8a2d4c6e-1f3b-4d5a-9c7e-2b4d6f8a0c1e'],
    description:
      '协办: departments that contribute to the lead (departmentId, 主办) within policy.assistWithinWorkingDays; ' +
      'only the lead answers the citizen. Not the lead itself, each once (400).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ASSISTING_DEPARTMENTS)
  @LowerCaseId()
  @IsUUID('all', { each: true })
  assistingDepartmentIds?: string[];
}

export const dispatchPetition: PetitionCommandSlice<DispatchPetitionDto> = {
  check: (_petitionId, body, { reference }) => {
    if (!reference.department(body.departmentId.toLowerCase())?.active)
      throw badInput('departmentId', 'activeDepartment', 'unknown or inactive department');
    body.assistingDepartmentIds?.forEach((id, i) => {
      if (!reference.department(id.toLowerCase())?.active)
        throw badInput(`assistingDepartmentIds[${i}]`, 'activeDepartment', 'unknown or inactive department');
    });
  },
  toCommand: (petitionId, body, context) => ({
    type: 'DispatchPetition',
    data: {
      petitionId,
      departmentId: body.departmentId.toLowerCase(),
      ...(body.note && { note: body.note.trim() }),
      ...(body.assistingDepartmentIds && { assistingDepartmentIds: body.assistingDepartmentIds.map((id) => id.toLowerCase()) }),
    },
    context,
  }),
  // The deadlines are computed by the decider; the department's staff read them from the answer.
  details: (result) => {
    const e = producedEvent(result, 'PetitionDispatched');
    return e
      ? {
          departmentId: e.data.departmentId,
          acknowledgeBy: e.data.acknowledgeBy,
          respondBy: e.data.respondBy,
          ...(e.data.assisting?.length && { contributeBy: e.data.assisting[0].contributeBy }),
        }
      : {};
  },
};

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class DispatchPetitionController {
  constructor(private readonly commands: PetitionCommandHandler) {}

  @Post(':id/dispatch')
  @HttpCode(200)
  @ApiCommandResponse({
    departmentId: '6f1c2a9e-3b7d-4c5e-8a9f-1d2e3f4a5b6c',
    acknowledgeBy: '2026-09-30T15:59:59.999Z',
    respondBy: '2026-10-15T15:59:59.999Z',
    contributeBy: '2026-10-13T15:59:59.999Z',
  })
  @Roles('reviewer')
  @ApiOperation({
    summary: 'Dispatch (or re-dispatch) a petition to a department (reviewer); computes acknowledgeBy and respondBy',
    description: 'With assistingDepartmentIds (协办), contributeBy is when their contributions to the lead are due.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async dispatchPetition(@Param('id', PetitionIdPipe) id: string, @Body() body: DispatchPetitionDto, @WriteRequest() request: RequestMeta) {
    return this.commands.handle(dispatchPetition, id, body, request);
  }
}
