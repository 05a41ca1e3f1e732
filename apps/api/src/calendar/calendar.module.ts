import { Module } from '@nestjs/common';
import { CalendarOverridesController } from './calendar-overrides.controller';
import { CalendarController } from './calendar.controller';

/** Public working-day look-ups and the admin's local overrides; the data lives in ReferenceDataService. */
@Module({ controllers: [CalendarController, CalendarOverridesController] })
export class CalendarModule {}
