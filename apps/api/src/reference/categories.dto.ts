import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CODE_PATTERN, NAME_MAX_LENGTH } from '@wenzheng/read-models';
import { HasNoControlCharacters, IsNotBlank } from '@wenzheng/read-models';
import { LowerCaseId } from '@wenzheng/read-models';

export class CategoryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'csgl' }) code: string;
  @ApiProperty({ example: '城市管理' }) name: string;
  @ApiProperty({
    example: '6f1c2a9e-3b7d-4c5e-8a9f-1d2e3f4a5b6c',
    format: 'uuid',
    description: 'where a reviewer usually dispatches a case of this category (a suggestion)',
  })
  defaultDepartmentId: string;
  @ApiProperty({ example: true }) active: boolean;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class CategoryListView {
  @ApiProperty({ type: [CategoryView] }) items: CategoryView[];
}

export class CreateCategoryDto {
  @ApiProperty({ example: 'ggws' })
  @IsString()
  @Matches(CODE_PATTERN, { message: '$property must be lower-case letters, digits, - or _, starting with a letter, at most 32 characters' })
  code: string;

  @ApiProperty({ example: '公共卫生', maxLength: NAME_MAX_LENGTH })
  @IsString()
  @IsNotBlank()
  @MaxLength(NAME_MAX_LENGTH)
  @HasNoControlCharacters()
  name: string;

  @ApiProperty({ example: '6f1c2a9e-3b7d-4c5e-8a9f-1d2e3f4a5b6c', format: 'uuid', description: 'an existing, active department' })
  @LowerCaseId()
  @IsUUID('all')
  defaultDepartmentId: string;

  @ApiProperty({ example: true, required: false, default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateCategoryDto {
  @ApiProperty({ example: '公共卫生', required: false, maxLength: NAME_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(NAME_MAX_LENGTH)
  @HasNoControlCharacters()
  name?: string;

  @ApiProperty({
    example: '6f1c2a9e-3b7d-4c5e-8a9f-1d2e3f4a5b6c',
    required: false,
    format: 'uuid',
    description: 'an existing, active department',
  })
  @IsOptional()
  @LowerCaseId()
  @IsUUID('all')
  defaultDepartmentId?: string;

  @ApiProperty({ example: false, required: false })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
