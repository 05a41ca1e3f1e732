import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, IsUrl, Length, ValidateNested } from 'class-validator';
import { IsCleanText, IsDateOrInstant, IsTrimmedLength } from '../../petitions/shared/validators';
import { LowerCaseId } from '@wenzheng/read-models';

export class DraftAttachmentDto {
  @ApiProperty({ example: '征求意见稿全文.pdf' })
  @IsString()
  @Length(1, 200)
  @IsCleanText({ singleLine: true })
  name: string;

  @ApiProperty({ example: 'https://www.example.gov.cn/zqyj/2026/12/draft.pdf', description: 'An https link, published as is' })
  @IsString()
  @Length(1, 2000)
  @IsUrl({ protocols: ['https'], require_protocol: true })
  url: string;
}

export class PublishConsultationDto {
  @ApiProperty({ example: '《温州市城市供水管理条例（征求意见稿）》公开征求意见' })
  @IsString()
  @IsTrimmedLength(2, 200)
  @IsCleanText({ singleLine: true })
  title: string;

  @ApiProperty({ example: '第一条 为了加强城市供水管理……', description: 'The draft put out for comment' })
  @IsString()
  @Length(1, 100_000)
  @IsCleanText()
  draft: string;

  @ApiPropertyOptional({ example: '市水务局法规处 0577-88000000', description: 'Published as is: an office, not a person' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @IsCleanText({ singleLine: true })
  contact?: string;

  @ApiPropertyOptional({
    type: [DraftAttachmentDto],
    description: 'Documents published with the draft (the full text, an explanation): name and https link, at most 20',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => DraftAttachmentDto)
  attachments?: DraftAttachmentDto[];

  @ApiProperty({
    example: '2026-10-12',
    description: 'YYYY-MM-DD (from the start of that day, Asia/Shanghai) or an ISO instant with offset',
  })
  @IsDateOrInstant()
  opensAt: string;

  @ApiProperty({ example: '2026-11-11', description: 'YYYY-MM-DD (to the end of that day, Asia/Shanghai) or an ISO instant with offset' })
  @IsDateOrInstant()
  closesAt: string;

  @ApiPropertyOptional({
    example: '6f1c2a9e-3b7d-4c5e-8a9f-1d2e3f4a5b6c',
    description: "Administrators only: the owning department (a handler publishes for the token's department)",
  })
  @IsOptional()
  @LowerCaseId()
  @IsUUID()
  departmentId?: string;
}
