import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { LEADER_ADDRESSEE_TYPES, LeaderAddresseeType, MAILBOX_ID } from '@wenzheng/petition';
import { IsIntegerBetween, NAME_MAX_LENGTH } from '@wenzheng/read-models';
import { IsCleanText } from '../petitions/shared/validators';
import { LowerCaseId } from '@wenzheng/read-models';

const ID_RULE = '$property must be lower-case letters, digits and hyphens, starting with a letter or digit, at most 64 characters';
const TYPE_DESCRIPTION = 'the addressee type a citizen picks to see this mailbox: mayor 市长 (副市长 included), secretary 书记';
const DISPLAY_ORDER_MAX = 1_000_000;
/** Absent leaves a field as it is; null is not "absent" here (only departmentId may be cleared) and fails the field's rule. */
const IfGiven = () => ValidateIf((_o, v) => v !== undefined);

/** What anyone may see of a mailbox: enough to pick it on the submit form and to name it on a case. */
export class PublicMailboxView {
  @ApiProperty({ example: 'vice-mayor-urban' }) id: string;
  @ApiProperty({ example: '分管城建副市长信箱' }) title: string;
  @ApiProperty({ enum: LEADER_ADDRESSEE_TYPES, description: TYPE_DESCRIPTION }) addresseeType: LeaderAddresseeType;
}

export class PublicMailboxListView {
  @ApiProperty({ type: [PublicMailboxView], description: 'active mailboxes in display order' }) items: PublicMailboxView[];
}

export class MailboxView extends PublicMailboxView {
  @ApiPropertyOptional({
    format: 'uuid',
    example: 'd2ac3be5-26ce-4dbb-bdc7-527ad82d6ce5',
    description: 'the department letters to this mailbox usually go to (a suggestion for the reviewer)',
  })
  departmentId?: string;
  @ApiProperty({ example: true, description: 'inactive mailboxes are kept for old cases but not offered on the submit form' })
  active: boolean;
  @ApiProperty({ example: 30, description: 'smaller first' }) displayOrder: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class MailboxListView {
  @ApiProperty({ type: [MailboxView], description: 'every mailbox, inactive ones included, in display order' }) items: MailboxView[];
}

export class MailboxIdParam {
  @ApiProperty({ example: 'vice-mayor-urban' })
  @Matches(MAILBOX_ID, { message: ID_RULE })
  id: string;
}

export class CreateMailboxDto {
  @ApiProperty({ example: 'vice-mayor-agriculture', description: 'stable id cases keep (addressee.mailboxId); cannot be changed later' })
  @IsString()
  @Matches(MAILBOX_ID, { message: ID_RULE })
  id: string;

  @ApiProperty({ example: '分管农业农村副市长信箱', maxLength: NAME_MAX_LENGTH })
  @IsString()
  @MaxLength(NAME_MAX_LENGTH)
  @IsCleanText({ singleLine: true })
  title: string;

  @ApiProperty({ enum: LEADER_ADDRESSEE_TYPES, example: 'mayor', description: TYPE_DESCRIPTION })
  @IsIn(LEADER_ADDRESSEE_TYPES)
  addresseeType: LeaderAddresseeType;

  @ApiPropertyOptional({ format: 'uuid', example: '1d10d9e8-98c7-46a0-a88e-7c0b79f75708', description: 'an existing, active department' })
  @IsOptional()
  @LowerCaseId()
  @IsUUID('all')
  departmentId?: string;

  @ApiPropertyOptional({ example: true, default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ example: 80, default: 0, minimum: 0, maximum: DISPLAY_ORDER_MAX, type: 'integer', description: 'smaller first' })
  @IsOptional()
  @IsIntegerBetween(0, DISPLAY_ORDER_MAX)
  displayOrder?: number;
}

export class UpdateMailboxDto {
  @ApiPropertyOptional({ example: '分管农业农村副市长信箱', maxLength: NAME_MAX_LENGTH })
  @IfGiven()
  @IsString()
  @MaxLength(NAME_MAX_LENGTH)
  @IsCleanText({ singleLine: true })
  title?: string;

  @ApiPropertyOptional({ enum: LEADER_ADDRESSEE_TYPES, example: 'mayor', description: TYPE_DESCRIPTION })
  @IfGiven()
  @IsIn(LEADER_ADDRESSEE_TYPES)
  addresseeType?: LeaderAddresseeType;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    example: '1d10d9e8-98c7-46a0-a88e-7c0b79f75708',
    description: 'an existing, active department; null: none',
  })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @LowerCaseId()
  @IsUUID('all')
  departmentId?: string | null;

  @ApiPropertyOptional({ example: false, description: 'false: 停用 (no longer offered; cases that name it keep it)' })
  @IfGiven()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ example: 80, minimum: 0, maximum: DISPLAY_ORDER_MAX, type: 'integer' })
  @IfGiven()
  @IsIntegerBetween(0, DISPLAY_ORDER_MAX)
  displayOrder?: number;
}
