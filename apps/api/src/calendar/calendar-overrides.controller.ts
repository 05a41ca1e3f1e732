import { Body, Controller, Get, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ReferenceDataService } from '@wenzheng/read-models';
import { CalendarChangeView, CalendarOverridesView, ReplaceCalendarOverridesDto } from './calendar-overrides.dto';

@ApiTags('calendar')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/calendar/overrides')
export class CalendarOverridesController {
  constructor(private readonly reference: ReferenceDataService) {}

  @Get()
  @ApiOperation({ summary: 'Local calendar overrides and the years declared published (admin)' })
  @ApiOkResponse({ type: CalendarOverridesView })
  @ApiUnauthorizedResponse()
  @ApiForbiddenResponse()
  list(): CalendarOverridesView {
    const o = this.reference.calendarOverrides();
    return { days: [...o.days], publishedYears: [...o.publishedYears] };
  }

  @Put()
  @ApiOperation({
    summary: 'Replace the whole override list (admin)',
    description:
      'Answers with every date whose meaning changed (before and after). Deadlines already stored in events are not rewritten; ' +
      'deadlines computed from now on use the new calendar.',
  })
  @ApiOkResponse({ type: CalendarChangeView })
  @ApiBadRequestResponse({ description: 'a date, flag, name or year is invalid, a date is listed twice, or a field is unknown' })
  @ApiUnauthorizedResponse()
  @ApiForbiddenResponse()
  async replace(@Body() body: ReplaceCalendarOverridesDto): Promise<CalendarChangeView> {
    const change = await this.reference.replaceCalendarOverrides(body);
    return { ...change, overrides: { days: [...change.overrides.days], publishedYears: [...change.overrides.publishedYears] } };
  }
}
