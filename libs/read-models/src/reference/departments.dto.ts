import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import type { DepartmentKind } from '@wenzheng/reference-data';
import { HasNoControlCharacters, IsNotBlank, LowerCaseId } from './validation';

export const DEPARTMENT_KINDS = [
  'district_government',
  'county_government',
  'municipal_bureau',
  'public_utility',
] as const satisfies readonly DepartmentKind[];
export const CODE_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;
export const NAME_MAX_LENGTH = 60;

export class DepartmentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'zfj', description: 'short stable code, unique' }) code: string;
  @ApiProperty({ example: '市综合行政执法局' }) name: string;
  @ApiProperty({ enum: DEPARTMENT_KINDS }) kind: DepartmentKind;
  @ApiProperty({ example: true, description: 'inactive departments are kept for old cases but not offered for dispatch' }) active: boolean;
  @ApiProperty({
    format: 'uuid',
    required: false,
    description: 'the department tree (市 → 区县 → 街道 → 社区): the unit this one is under (下派 goes down it); absent at the top',
  })
  parentId?: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class DepartmentListView {
  @ApiProperty({ type: [DepartmentView] }) items: DepartmentView[];
}

export class CreateDepartmentDto {
  @ApiProperty({ example: 'dsj', description: `lower-case letters, digits, - or _, starting with a letter; at most 32` })
  @IsString()
  @Matches(CODE_PATTERN, { message: '$property must be lower-case letters, digits, - or _, starting with a letter, at most 32 characters' })
  code: string;

  @ApiProperty({ example: '市大数据发展管理局', maxLength: NAME_MAX_LENGTH })
  @IsString()
  @IsNotBlank()
  @MaxLength(NAME_MAX_LENGTH)
  @HasNoControlCharacters()
  name: string;

  @ApiProperty({ enum: DEPARTMENT_KINDS })
  @IsIn(DEPARTMENT_KINDS)
  kind: DepartmentKind;

  @ApiProperty({ example: true, required: false, default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiProperty({
    format: 'uuid',
    required: false,
    example: '6f1c2a9e-3b7d-4c5e-8a9f-1d2e3f4a5b6c',
    description: 'the unit this one is under in the department tree (市 → 区县 → 街道 → 社区)',
  })
  @IsOptional()
  @LowerCaseId()
  @IsUUID()
  parentId?: string;
}

export class UpdateDepartmentDto {
  @ApiProperty({ example: '市大数据发展管理局', required: false, maxLength: NAME_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(NAME_MAX_LENGTH)
  @HasNoControlCharacters()
  name?: string;

  @ApiProperty({ example: false, required: false })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiProperty({
    format: 'uuid',
    required: false,
    nullable: true,
    type: String,
    example: '6f1c2a9e-3b7d-4c5e-8a9f-1d2e3f4a5b6c',
    description: 'move the department in the tree; null puts it at the top. Its own units and itself are refused (no cycles)',
  })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @LowerCaseId()
  @IsUUID()
  parentId?: string | null;
}
