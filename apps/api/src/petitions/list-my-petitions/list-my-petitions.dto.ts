import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { PETITION_KINDS, PETITION_STATUSES } from '@wenzheng/petition';
import { ListPublicPetitionsDto } from '../../public-listing/list-public-petitions/list-public-petitions.dto';

export { DEFAULT_PAGE_SIZE } from '../../public-listing/list-public-petitions/list-public-petitions.dto';

/** The same page parameters, with the same rules, as the sunshine listing. */
export class ListMyPetitionsDto extends PickType(ListPublicPetitionsDto, ['cursor', 'limit'] as const) {}

export class MyPetitionItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'WZ20261201-7K3M9Q2XHD' }) trackingCode: string;
  @ApiProperty({ description: 'as the citizen wrote it (their own case)' }) title: string;
  @ApiProperty({ enum: PETITION_STATUSES }) status: string;
  @ApiProperty({ enum: PETITION_KINDS }) kind: string;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiPropertyOptional({ format: 'uuid' }) departmentId?: string;
  @ApiPropertyOptional({ example: '市水务集团' }) departmentName?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'the department must acknowledge by' }) acknowledgeBy?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'the department must answer by (after extensions and reopens)' })
  respondBy?: string;
  @ApiPropertyOptional({ format: 'date-time' }) respondedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) closedAt?: string;
  @ApiPropertyOptional({ description: 'rated, no_rating_in_time, rejected or duplicate' }) closeReason?: string;
}

export class MyPetitionPage {
  @ApiProperty({ type: [MyPetitionItem] }) items: MyPetitionItem[];
  @ApiPropertyOptional({ description: 'pass as ?cursor= for the next page; absent on the last page' }) nextCursor?: string;
}
