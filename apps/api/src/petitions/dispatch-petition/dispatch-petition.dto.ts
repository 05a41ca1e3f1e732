import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { IsCleanText } from '../shared/validators';

export class DispatchPetitionDto {
  @ApiProperty({ example: '6f1c2a9e-3b7d-4c5e-8a9f-1d2e3f4a5b6c', format: 'uuid' })
  @IsUUID()
  departmentId: string;

  @ApiPropertyOptional({ example: '请会同属地街道现场核实' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  @IsCleanText()
  note?: string;
}
