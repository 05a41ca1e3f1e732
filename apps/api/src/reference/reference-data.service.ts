import { Injectable } from '@nestjs/common';
import { WorkingDayCalendar } from '@wenzheng/calendar';
import { PolicySet, defaultPolicies } from '@wenzheng/petition';
import { Category, Department, categories, departments } from '@wenzheng/reference-data';

/**
 * Reference data the command handlers read on every command: the calendar with its overrides,
 * the time-limit policies per kind, departments and categories. Placeholder over the seed data;
 * the reference module replaces it with database-backed, admin-editable data.
 */
@Injectable()
export class ReferenceDataService {
  calendar(): WorkingDayCalendar {
    return WorkingDayCalendar.official();
  }

  policies(): PolicySet {
    return defaultPolicies();
  }

  department(id: string): Department | undefined {
    return departments.find((d) => d.id === id);
  }

  category(id: string): Category | undefined {
    return categories.find((c) => c.id === id);
  }
}
