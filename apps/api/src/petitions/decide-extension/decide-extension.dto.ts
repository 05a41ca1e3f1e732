import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { IsCleanText, IsDateOrInstant } from '../shared/validators';

export class DecideExtensionDto {
  @ApiProperty({ example: true })
  @IsBoolean()
  approved: boolean;

  @ApiPropertyOptional({ example: '期限内可办结', description: 'required when refused' })
  @ValidateIf((o: DecideExtensionDto) => !o.approved || o.reason !== undefined)
  @IsString()
  @Length(2, 1000)
  @IsCleanText()
  reason?: string;

  @ApiPropertyOptional({ example: '2026-10-30', description: 'approved date; default: the requested one' })
  @IsOptional()
  @IsDateOrInstant()
  respondBy?: string;
}
