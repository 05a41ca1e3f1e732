import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { HasNoControlCharacters, IsIntegerBetween, IsNotBlank } from '@wenzheng/read-models';
import { DayInfoView } from './calendar.dto';
import { FIRST_YEAR, HasUniqueDates, IsLocalDate, LAST_YEAR } from './local-date.validator';

export class CalendarDayOverrideDto {
  @ApiProperty({ example: '2026-10-14' })
  @IsLocalDate()
  date: string;

  @ApiProperty({ example: false })
  @IsBoolean()
  workingDay: boolean;

  @ApiProperty({ example: '台风停工', maxLength: 40 })
  @IsString()
  @IsNotBlank()
  @MaxLength(40)
  @HasNoControlCharacters()
  name: string;

  @ApiProperty({ required: false, maxLength: 500, example: '市防汛防台指挥部通知' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @HasNoControlCharacters()
  note?: string;
}

export class ReplaceCalendarOverridesDto {
  @ApiProperty({ type: [CalendarDayOverrideDto], description: 'the complete list of day overrides; dates left out are removed' })
  @IsArray()
  @ArrayMaxSize(2000)
  @HasUniqueDates()
  @ValidateNested({ each: true })
  @Type(() => CalendarDayOverrideDto)
  days: CalendarDayOverrideDto[];

  @ApiProperty({
    type: [Number],
    example: [2027],
    description: 'years whose State Council schedule is entered through day overrides; they stop producing the weekdays-only warning',
  })
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsIntegerBetween(FIRST_YEAR, LAST_YEAR, { each: true })
  publishedYears: number[];
}

export class CalendarDayOverrideView {
  @ApiProperty() date: string;
  @ApiProperty() workingDay: boolean;
  @ApiProperty() name: string;
  @ApiProperty({ required: false }) note?: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class CalendarOverridesView {
  @ApiProperty({ type: [CalendarDayOverrideView] }) days: CalendarDayOverrideView[];
  @ApiProperty({ type: [Number] }) publishedYears: number[];
}

export class ChangedDateView {
  @ApiProperty() date: string;
  @ApiProperty({ type: DayInfoView }) before: DayInfoView;
  @ApiProperty({ type: DayInfoView }) after: DayInfoView;
}

export class CalendarChangeView {
  @ApiProperty({ type: CalendarOverridesView }) overrides: CalendarOverridesView;
  @ApiProperty({ type: [String] }) warnings: string[];
  @ApiProperty({ type: [ChangedDateView], description: 'every date whose working-day status, reason or name changed' })
  changedDates: ChangedDateView[];
  @ApiProperty({ example: 'Deadlines already stored in events are not rewritten; new deadlines use the new calendar' }) note: string;
}
