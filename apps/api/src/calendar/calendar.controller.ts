import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SHANGHAI_OFFSET } from '@wenzheng/calendar';
import { Public } from '../auth/auth.decorators';
import { ReferenceDataService } from '@wenzheng/read-models';
import { DaysQuery, DaysView, DueDateQuery, DueDateView } from './calendar.dto';
import { badInput } from '../http/validation';

/** Calendar arithmetic can still refuse (e.g. overrides leaving a year without a working day): a 400, never a 500. */
function answer<T>(field: string, work: () => T): T {
  try {
    return work();
  } catch (e) {
    if (e instanceof RangeError) throw badInput(field, 'isLocalDate', e.message);
    throw e;
  }
}

@ApiTags('calendar')
@Public()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly reference: ReferenceDataService) {}

  @Get('due-date')
  @ApiOperation({
    summary: 'The N-th working day after a date (次日开始计算), as deadlines are computed',
    description:
      'Uses the official State Council schedule plus the local overrides. Years with no schedule count weekdays only and say so in warnings.',
  })
  @ApiOkResponse({ type: DueDateView })
  @ApiBadRequestResponse({ description: 'from is not a YYYY-MM-DD date, or workingDays is not an integer from 0 to 365' })
  dueDate(@Query() query: DueDateQuery): DueDateView {
    const calendar = this.reference.calendar();
    const dueDate = answer('workingDays', () => calendar.dueDate(query.from, query.workingDays));
    return {
      from: query.from,
      workingDays: query.workingDays,
      dueDate,
      // A fixed offset all year: the end of a local day is written without conversion.
      dueAt: `${dueDate}T23:59:59.999${SHANGHAI_OFFSET}`,
      warnings: calendar.warningsFor(query.from, dueDate),
    };
  }

  @Get('days')
  @ApiOperation({
    summary: 'Each date from..to (inclusive) with whether it is a working day and why: weekend, holiday name, 调休, local override',
  })
  @ApiOkResponse({ type: DaysView })
  @ApiBadRequestResponse({ description: 'a date is invalid, to is before from, or the range holds more than 732 days' })
  days(@Query() query: DaysQuery): DaysView {
    const calendar = this.reference.calendar();
    return {
      days: answer('to', () => calendar.days(query.from, query.to)),
      warnings: calendar.warningsFor(query.from, query.to),
    };
  }
}
