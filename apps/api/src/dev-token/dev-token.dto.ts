import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { LowerCaseId } from '@wenzheng/read-models';

/** Roles the picker offers; `system` is the deadline watcher's and never a person's. */
export const DEV_TOKEN_ROLES = ['citizen', 'reviewer', 'handler', 'supervisor', 'auditor', 'admin'] as const;

export class DevTokenDto {
  @ApiProperty({ enum: DEV_TOKEN_ROLES })
  @IsIn(DEV_TOKEN_ROLES)
  role: (typeof DEV_TOKEN_ROLES)[number];

  @ApiPropertyOptional({ description: 'the handler’s department (required for handler)' })
  @IsOptional()
  @LowerCaseId()
  @IsUUID()
  departmentId?: string;
}
