import { ApiProperty } from '@nestjs/swagger';
import { IsInstant, AuditReadDto } from '../shared/audit-read.dto';

export class GetPetitionStateDto extends AuditReadDto {
  @ApiProperty({ example: '2026-10-14T09:00:00+08:00', description: 'the instant to look at (ISO 8601 with offset)' })
  @IsInstant()
  at: string;
}
