import fc from 'fast-check';
import { endOfLocalDay, localDate } from './local-date';
import { officialScheduleYears } from './official-schedule';
import { DayInfo, MAX_LISTED_DAYS, scheduleWarning, WorkingDayCalendar } from './working-day-calendar';

const calendar = WorkingDayCalendar.official();
/** An instant at a given Shanghai wall-clock time. */
const at = (localDateTime: string) => new Date(`${localDateTime}+08:00`);
const iso = (d: Date) => d.toISOString();

describe('WorkingDayCalendar: the official 2026 schedule (国务院办公厅 notice of 2025-11-04)', () => {
  const daysOff: Array<[string, string]> = [
    ['2026-01-01', '元旦'],
    ['2026-01-02', '元旦'],
    ['2026-01-03', '元旦'],
    ...['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d): [string, string] => [`2026-02-${d}`, '春节']),
    ['2026-04-04', '清明'],
    ['2026-04-05', '清明'],
    ['2026-04-06', '清明'],
    ...['01', '02', '03', '04', '05'].map((d): [string, string] => [`2026-05-${d}`, '劳动节']),
    ['2026-06-19', '端午'],
    ['2026-06-20', '端午'],
    ['2026-06-21', '端午'],
    ['2026-09-25', '中秋'],
    ['2026-09-26', '中秋'],
    ['2026-09-27', '中秋'],
    ...['01', '02', '03', '04', '05', '06', '07'].map((d): [string, string] => [`2026-10-${d}`, '国庆节']),
  ];
  const adjustedWorkingDays: Array<[string, string]> = [
    ['2026-01-04', '元旦'],
    ['2026-02-14', '春节'],
    ['2026-02-28', '春节'],
    ['2026-05-09', '劳动节'],
    ['2026-09-20', '国庆节'],
    ['2026-10-10', '国庆节'],
  ];

  it.each(daysOff)('%s is a holiday (%s)', (date, name) => {
    expect(calendar.dayInfo(date)).toEqual({ date, workingDay: false, reason: 'holiday', name });
    expect(calendar.isWorkingDay(date)).toBe(false);
  });

  it.each(adjustedWorkingDays)('%s is an adjusted working day (%s 调休上班)', (date, name) => {
    expect(calendar.dayInfo(date)).toEqual({ date, workingDay: true, reason: 'adjusted_working_day', name });
  });

  it('has no other holiday or adjusted working day in 2026', () => {
    const special = (d: DayInfo) => d.reason === 'holiday' || d.reason === 'adjusted_working_day';
    const all = [...calendar.days('2026-01-01', '2026-06-30'), ...calendar.days('2026-07-01', '2026-12-31')];
    expect(all.filter((d) => d.reason === 'holiday').map((d) => d.date)).toEqual(daysOff.map(([d]) => d));
    expect(
      all
        .filter((d) => d.reason === 'adjusted_working_day')
        .map((d) => d.date)
        .sort(),
    ).toEqual(adjustedWorkingDays.map(([d]) => d).sort());
    expect(all.filter((d) => !special(d)).every((d) => d.reason === (d.workingDay ? 'workday' : 'weekend'))).toBe(true);
  });

  it('ships every year from 2004 to 2026 and nothing later', () => {
    expect(officialScheduleYears()).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
  });
});

describe('WorkingDayCalendar.addWorkingDays (次日开始计算)', () => {
  it('docs/lifecycle.md: dispatched 2026-09-29 with 8 working days → respondBy 2026-10-15 end of day', () => {
    const respondBy = calendar.addWorkingDays(at('2026-09-29T10:00:00'), 8);
    expect(iso(respondBy)).toBe('2026-10-15T15:59:59.999Z');
    expect(respondBy).toEqual(endOfLocalDay('2026-10-15'));
    expect(calendar.dueDate('2026-09-29', 8)).toBe('2026-10-15');
  });

  it('counts from the Shanghai date, not the UTC date, of a late-night instant', () => {
    // 2026-09-29T16:30Z is already 00:30 on Wednesday 30 September in Shanghai.
    expect(iso(calendar.addWorkingDays(new Date('2026-09-29T16:30:00Z'), 8))).toBe('2026-10-16T15:59:59.999Z');
    expect(iso(calendar.addWorkingDays(new Date('2026-09-29T15:59:59.999Z'), 8))).toBe('2026-10-15T15:59:59.999Z');
  });

  it('gives the next Monday for one working day from an ordinary Friday', () => {
    expect(iso(calendar.addWorkingDays(at('2026-03-06T17:45:00'), 1))).toBe(iso(endOfLocalDay('2026-03-09')));
  });

  it('gives the Saturday worked for 春节 for one working day from Friday 13 February', () => {
    expect(calendar.dueDate('2026-02-13', 1)).toBe('2026-02-14');
  });

  it('skips the whole Spring Festival and counts both adjusted Saturdays', () => {
    // Feb 13 (1), Sat 14 (2), 15–23 off, 24–27 (3–6), Sat 28 (7), Mon Mar 2 (8).
    expect(calendar.dueDate('2026-02-12', 8)).toBe('2026-03-02');
    expect(calendar.dueDate('2026-02-15', 1)).toBe('2026-02-24');
  });

  it('acknowledges within 1 working day of a dispatch on the eve of 国庆', () => {
    expect(calendar.dueDate('2026-09-30', 1)).toBe('2026-10-08');
  });

  it('returns the end of the same local day for n = 0, even on a holiday', () => {
    expect(iso(calendar.addWorkingDays(at('2026-10-03T08:00:00'), 0))).toBe(iso(endOfLocalDay('2026-10-03')));
    expect(calendar.dueDate('2026-10-03', 0)).toBe('2026-10-03');
  });

  it('extends from a respondBy instant: 15 working days after 2026-10-15', () => {
    expect(calendar.dueDate('2026-10-15', 15)).toBe('2026-11-05');
    expect(localDate(calendar.addWorkingDays(endOfLocalDay('2026-10-15'), 15))).toBe('2026-11-05');
  });

  it.each([-1, 1.5, NaN, Infinity, 10_001])('refuses %p working days', (n) => {
    expect(() => calendar.addWorkingDays(at('2026-09-29T10:00:00'), n)).toThrow(RangeError);
    expect(() => calendar.dueDate('2026-09-29', n)).toThrow(RangeError);
  });

  it('refuses an invalid instant or date', () => {
    expect(() => calendar.addWorkingDays(new Date('garbage'), 1)).toThrow(RangeError);
    expect(() => calendar.dueDate('2026-09-31', 1)).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2026/10/01')).toThrow(RangeError);
  });
});

describe('WorkingDayCalendar.workingDaysBetween', () => {
  it('counts working days after the first local day up to and including the second', () => {
    expect(calendar.workingDaysBetween(at('2026-09-29T10:00:00'), at('2026-10-15T09:00:00'))).toBe(8);
    expect(calendar.workingDaysBetween(at('2026-09-30T23:00:00'), at('2026-10-07T23:00:00'))).toBe(0);
    expect(calendar.workingDaysBetween(at('2026-10-15T23:59:59.999'), at('2026-10-20T08:00:00'))).toBe(3);
  });

  it('is 0 on the same local day and when the second instant is earlier', () => {
    expect(calendar.workingDaysBetween(at('2026-10-15T00:00:00'), at('2026-10-15T23:59:59'))).toBe(0);
    expect(calendar.workingDaysBetween(at('2026-10-15T10:00:00'), at('2026-10-01T10:00:00'))).toBe(0);
  });

  it('round-trips addWorkingDays for any instant and count', () => {
    const cal = calendar.withOverrides([{ date: '2026-07-15', workingDay: false, name: '台风停工' }]);
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 40 }),
        (from, n) => {
          const due = cal.addWorkingDays(from, n);
          expect(cal.workingDaysBetween(from, due)).toBe(n);
          expect(iso(due)).toBe(iso(endOfLocalDay(localDate(due))));
          if (n > 0) expect(cal.isWorkingDay(localDate(due))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('WorkingDayCalendar.previousWorkingDay (届满前1个工作日)', () => {
  it('steps back over holidays and weekends', () => {
    expect(calendar.previousWorkingDay('2026-10-08')).toBe('2026-09-30');
    expect(calendar.previousWorkingDay('2026-10-12')).toBe('2026-10-10');
    expect(calendar.previousWorkingDay('2026-10-15')).toBe('2026-10-14');
    expect(calendar.previousWorkingDay('2026-02-24')).toBe('2026-02-14');
  });
});

describe('WorkingDayCalendar overrides', () => {
  it('lets a local holiday shift a due date', () => {
    const typhoon = calendar.withOverrides([{ date: '2026-10-14', workingDay: false, name: '台风停工停课' }]);
    expect(typhoon.dayInfo('2026-10-14')).toEqual({
      date: '2026-10-14',
      workingDay: false,
      reason: 'override_holiday',
      name: '台风停工停课',
    });
    expect(iso(typhoon.addWorkingDays(at('2026-09-29T10:00:00'), 8))).toBe(iso(endOfLocalDay('2026-10-16')));
    expect(calendar.dueDate('2026-09-29', 8)).toBe('2026-10-15'); // the original is unchanged
  });

  it('wins over the official data, the later override winning for the same date', () => {
    const cal = new WorkingDayCalendar([
      { date: '2026-10-07', workingDay: false, name: 'first' },
      { date: '2026-10-07', workingDay: true, name: '补班' },
    ]);
    expect(cal.dayInfo('2026-10-07')).toEqual({
      date: '2026-10-07',
      workingDay: true,
      reason: 'override_working_day',
      name: '补班',
    });
    expect(cal.withOverrides([{ date: '2026-10-07', workingDay: false, name: '国庆节' }]).isWorkingDay('2026-10-07')).toBe(false);
  });

  it('refuses malformed overrides', () => {
    expect(() => new WorkingDayCalendar([{ date: '2026-02-30', workingDay: false, name: 'x' }])).toThrow(RangeError);
    expect(() => new WorkingDayCalendar([{ date: '2026-10-14', workingDay: false, name: ' ' }])).toThrow(RangeError);
    expect(() => new WorkingDayCalendar([{ year: 27, published: true }])).toThrow(RangeError);
  });
});

describe('WorkingDayCalendar: a year without a published schedule', () => {
  it('counts 2027 as weekdays only: 元旦 2027 is not known yet', () => {
    expect(calendar.dayInfo('2027-01-01')).toEqual({ date: '2027-01-01', workingDay: true, reason: 'workday' });
    expect(calendar.dueDate('2026-12-31', 1)).toBe('2027-01-01');
    expect(calendar.dueDate('2026-12-31', 3)).toBe('2027-01-05');
    expect(calendar.dayInfo('2027-10-02')).toEqual({ date: '2027-10-02', workingDay: false, reason: 'weekend' });
  });

  it('warns once per year without a schedule', () => {
    expect(calendar.hasOfficialSchedule(2026)).toBe(true);
    expect(calendar.hasOfficialSchedule(2004)).toBe(true);
    expect(calendar.hasOfficialSchedule(2003)).toBe(false);
    expect(calendar.hasOfficialSchedule(2027)).toBe(false);
    expect(calendar.warningsFor('2026-01-01', '2026-12-31')).toEqual([]);
    expect(calendar.warningsFor('2026-12-20', '2028-01-10')).toEqual([scheduleWarning(2027), scheduleWarning(2028)]);
    expect(scheduleWarning(2027)).toBe('2027年尚未载入国务院放假安排，仅按周一至周五计算 (no official schedule for 2027: weekdays only)');
  });

  it('stops warning once a newly published year is loaded as overrides', () => {
    const loaded = calendar.withOverrides([
      { year: 2027, published: true },
      { date: '2027-01-01', workingDay: false, name: '元旦' },
    ]);
    expect(loaded.hasOfficialSchedule(2027)).toBe(true);
    expect(loaded.warningsFor('2026-12-20', '2027-01-10')).toEqual([]);
    expect(loaded.dueDate('2026-12-31', 1)).toBe('2027-01-04');
  });

  it('does not treat a single local day as a published year', () => {
    const local = calendar.withOverrides([{ date: '2027-08-01', workingDay: false, name: '台风停工' }]);
    expect(local.hasOfficialSchedule(2027)).toBe(false);
  });
});

describe('WorkingDayCalendar.days', () => {
  it('lists each date of the 国庆 fortnight with its reason', () => {
    const list = calendar.days('2026-09-28', '2026-10-11');
    expect(list).toHaveLength(14);
    expect(list.map((d) => `${d.date.slice(5)}:${d.reason}`)).toEqual([
      '09-28:workday',
      '09-29:workday',
      '09-30:workday',
      '10-01:holiday',
      '10-02:holiday',
      '10-03:holiday',
      '10-04:holiday',
      '10-05:holiday',
      '10-06:holiday',
      '10-07:holiday',
      '10-08:workday',
      '10-09:workday',
      '10-10:adjusted_working_day',
      '10-11:weekend',
    ]);
  });

  it('refuses reversed and over-long ranges', () => {
    expect(() => calendar.days('2026-10-11', '2026-09-28')).toThrow(RangeError);
    expect(calendar.days('2026-01-01', '2027-12-31')).toHaveLength(730);
    expect(calendar.days('2026-01-01', '2028-01-02')).toHaveLength(MAX_LISTED_DAYS);
    expect(() => calendar.days('2026-01-01', '2028-01-03')).toThrow(RangeError);
    expect(MAX_LISTED_DAYS).toBe(732);
  });
});

describe('WorkingDayCalendar and the host time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'])('answers the same with TZ=%s', (tz) => {
    process.env.TZ = tz;
    const cal = new WorkingDayCalendar();
    expect(cal.dayInfo('2026-10-01').name).toBe('国庆节');
    expect(cal.isWorkingDay('2026-09-20')).toBe(true);
    expect(localDate(new Date('2026-09-29T16:30:00Z'))).toBe('2026-09-30');
    expect(iso(cal.addWorkingDays(at('2026-09-29T10:00:00'), 8))).toBe('2026-10-15T15:59:59.999Z');
  });
});
