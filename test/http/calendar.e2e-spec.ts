import { ReferenceDataService } from '@wenzheng/read-models';
import { createTestApp, TestApp } from '../setup/app';
import { bearer, mintToken } from '../setup/tokens';

interface DayInfo {
  date: string;
  workingDay: boolean;
  reason: string;
  name?: string;
}

const TYPHOON = { date: '2026-10-14', workingDay: false, name: '台风停工', note: '市防汛防台指挥部通知' };
// A few days of an imagined 2027 schedule, entered by hand once the State Council publishes it.
const NEW_YEAR_2027 = [
  { date: '2027-01-01', workingDay: false, name: '元旦' },
  { date: '2027-01-02', workingDay: false, name: '元旦' },
  { date: '2027-01-03', workingDay: false, name: '元旦' },
];

describe('calendar over HTTP', () => {
  let t: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = bearer(await mintToken({ roles: ['admin'] }));
  });
  afterAll(async () => t.close());

  const dueDate = async (from: string, workingDays: number | string) =>
    (await t.http().get('/api/calendar/due-date').query({ from, workingDays }).expect(200)).body;
  const days = async (from: string, to: string) => {
    const body = (await t.http().get('/api/calendar/days').query({ from, to }).expect(200)).body as { days: DayInfo[]; warnings: string[] };
    return { ...body, on: (date: string) => body.days.find((d) => d.date === date) };
  };
  const overrides = async () => (await t.http().get('/api/admin/calendar/overrides').set(admin).expect(200)).body;

  describe('due dates (docs/lifecycle.md counting: the N-th working day strictly after from)', () => {
    it('reproduces the 国庆 example: from 2026-09-29, 8 working days → 2026-10-15 end of day', async () => {
      expect(await dueDate('2026-09-29', 8)).toEqual({
        from: '2026-09-29',
        workingDays: 8,
        dueDate: '2026-10-15',
        dueAt: '2026-10-15T23:59:59.999+08:00',
        warnings: [],
      });
    });

    it('counts from the next day across the holiday: from 2026-09-30, 1 → 2026-10-08', async () => {
      expect((await dueDate('2026-09-30', 1)).dueDate).toBe('2026-10-08');
    });

    it('0 working days is the end of the day itself, and needs no token', async () => {
      expect(await dueDate('2026-10-03', 0)).toMatchObject({ dueDate: '2026-10-03', dueAt: '2026-10-03T23:59:59.999+08:00' });
    });
  });

  describe('days', () => {
    it('explains 2026-09-19..2026-10-11: weekends, 国庆节 holidays and the adjusted working days 09-20 and 10-10', async () => {
      const r = await days('2026-09-19', '2026-10-11');
      expect(r.days).toHaveLength(23);
      expect(r.warnings).toEqual([]);
      expect(r.on('2026-09-19')).toEqual({ date: '2026-09-19', workingDay: false, reason: 'weekend' });
      expect(r.on('2026-09-20')).toMatchObject({ workingDay: true, reason: 'adjusted_working_day' });
      expect(r.on('2026-10-10')).toMatchObject({ workingDay: true, reason: 'adjusted_working_day' });
      for (let d = 1; d <= 7; d++) {
        expect(r.on(`2026-10-0${d}`)).toEqual({ date: `2026-10-0${d}`, workingDay: false, reason: 'holiday', name: '国庆节' });
      }
      expect(r.on('2026-10-08')).toEqual({ date: '2026-10-08', workingDay: true, reason: 'workday' });
      expect(r.on('2026-10-11')).toMatchObject({ workingDay: false, reason: 'weekend' });
    });

    it('warns for a year with no official schedule (2027: weekdays only)', async () => {
      const r = await days('2026-12-28', '2027-01-05');
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]).toMatch(/2027/);
      expect(r.on('2027-01-01')).toMatchObject({ workingDay: true, reason: 'workday' });
      expect((await dueDate('2026-12-30', 5)).warnings).toEqual([expect.stringMatching(/2027/)]);
    });
  });

  describe('admin overrides', () => {
    it('starts empty', async () => {
      expect(await overrides()).toEqual({ days: [], publishedYears: [] });
    });

    it('a local holiday (2026-10-14 台风停工) moves the due date to 10-16, and the answer lists the changed date', async () => {
      const res = await t
        .http()
        .put('/api/admin/calendar/overrides')
        .set(admin)
        .send({ days: [TYPHOON], publishedYears: [] })
        .expect(200);
      expect(res.body.changedDates).toEqual([
        {
          date: '2026-10-14',
          before: { date: '2026-10-14', workingDay: true, reason: 'workday' },
          after: { date: '2026-10-14', workingDay: false, reason: 'override_holiday', name: '台风停工' },
        },
      ]);
      expect(res.body.note).toBe('Deadlines already stored in events are not rewritten; new deadlines use the new calendar');
      expect(res.body.overrides).toEqual({
        days: [{ ...TYPHOON, updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) }],
        publishedYears: [],
      });
      expect(Array.isArray(res.body.warnings)).toBe(true);

      expect((await dueDate('2026-09-29', 8)).dueDate).toBe('2026-10-16');
      expect((await days('2026-10-12', '2026-10-16')).on('2026-10-14')).toEqual({
        date: '2026-10-14',
        workingDay: false,
        reason: 'override_holiday',
        name: '台风停工',
      });
      expect((await overrides()).days).toEqual([expect.objectContaining(TYPHOON)]);
      // What the command handlers use for new deadlines:
      expect(t.app.get(ReferenceDataService).calendar().dueDate('2026-09-29', 8)).toBe('2026-10-16');
    });

    it('saving the same list again changes no date and keeps the row as it was', async () => {
      const before = await overrides();
      const res = await t
        .http()
        .put('/api/admin/calendar/overrides')
        .set(admin)
        .send({ days: [TYPHOON], publishedYears: [] })
        .expect(200);
      expect(res.body.changedDates).toEqual([]);
      expect(res.body.overrides).toEqual(before);
    });

    it('publishing 2027 through publishedYears removes the warning', async () => {
      const res = await t
        .http()
        .put('/api/admin/calendar/overrides')
        .set(admin)
        .send({ days: [TYPHOON, ...NEW_YEAR_2027], publishedYears: [2027] })
        .expect(200);
      // 01-02 and 01-03 were already a weekend: their reason changes, their working-day status does not.
      expect(res.body.changedDates.map((c: { date: string }) => c.date)).toEqual(['2027-01-01', '2027-01-02', '2027-01-03']);
      expect(
        res.body.changedDates.filter((c: { before: DayInfo; after: DayInfo }) => c.before.workingDay !== c.after.workingDay),
      ).toHaveLength(1);
      expect(res.body.warnings.filter((w: string) => w.includes('2027'))).toEqual([]);
      expect(res.body.overrides.publishedYears).toEqual([2027]);

      const r = await days('2026-12-28', '2027-01-05');
      expect(r.warnings).toEqual([]);
      expect(r.on('2027-01-01')).toEqual({ date: '2027-01-01', workingDay: false, reason: 'override_holiday', name: '元旦' });
      expect(await dueDate('2026-12-30', 2)).toMatchObject({ dueDate: '2027-01-04', warnings: [] });
    });

    it('a day override alone does not publish its year, and the answer says so', async () => {
      const res = await t
        .http()
        .put('/api/admin/calendar/overrides')
        .set(admin)
        .send({ days: [TYPHOON, ...NEW_YEAR_2027], publishedYears: [] })
        .expect(200);
      expect(res.body.changedDates).toEqual([]);
      expect(res.body.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^2027年.*publishedYears/)]));
      expect((await days('2027-01-01', '2027-01-02')).warnings).toHaveLength(1);
    });

    it('removing an override is a change too', async () => {
      const res = await t
        .http()
        .put('/api/admin/calendar/overrides')
        .set(admin)
        .send({ days: NEW_YEAR_2027, publishedYears: [2027] })
        .expect(200);
      expect(res.body.changedDates).toEqual([
        expect.objectContaining({
          date: '2026-10-14',
          before: expect.objectContaining({ reason: 'override_holiday' }),
          after: expect.objectContaining({ reason: 'workday' }),
        }),
      ]);
      expect((await dueDate('2026-09-29', 8)).dueDate).toBe('2026-10-15');
    });

    it('needs a token (401) with the admin role (403)', async () => {
      const reviewer = bearer(await mintToken({ roles: ['reviewer'] }));
      await t.http().get('/api/admin/calendar/overrides').expect(401);
      await t.http().put('/api/admin/calendar/overrides').send({ days: [], publishedYears: [] }).expect(401);
      await t.http().put('/api/admin/calendar/overrides').set(reviewer).send({ days: [], publishedYears: [] }).expect(403);
      expect((await overrides()).publishedYears).toEqual([2027]);
    });
  });

  describe('bad input: 400 naming the field and the rule, never a 500, nothing changed', () => {
    const query = (path: string, q: Record<string, string>) => t.http().get(path).query(q);

    it.each([
      ['due-date', { from: '2026-02-30', workingDays: '8' }, 'from', 'isLocalDate'],
      ['due-date', { from: '2026-1-1', workingDays: '8' }, 'from', 'isLocalDate'],
      ['due-date', { from: '20260101', workingDays: '8' }, 'from', 'isLocalDate'],
      ['due-date', { from: '9999-12-31', workingDays: '8' }, 'from', 'isLocalDate'],
      ['due-date', { workingDays: '8' }, 'from', 'required'],
      ['due-date', { from: '2026-09-29', workingDays: '-1' }, 'workingDays', 'isIntegerBetween'],
      ['due-date', { from: '2026-09-29', workingDays: '1.5' }, 'workingDays', 'isIntegerBetween'],
      ['due-date', { from: '2026-09-29', workingDays: '366' }, 'workingDays', 'isIntegerBetween'],
      ['due-date', { from: '2026-09-29', workingDays: 'eight' }, 'workingDays', 'isIntegerBetween'],
      ['due-date', { from: '2026-09-29', workingDays: '1e2' }, 'workingDays', 'isIntegerBetween'],
      ['due-date', { from: '2026-09-29' }, 'workingDays', 'required'],
      ['due-date', { from: '2026-09-29', workingDays: '8', tz: 'UTC' }, 'tz', 'unknown_field'],
      ['days', { from: '2026-10-11', to: '2026-09-19' }, 'to', 'isNotBefore'],
      ['days', { from: '2026-01-01', to: '2028-01-03' }, 'to', 'maxRange'],
      ['days', { from: '2026-02-29', to: '2026-03-01' }, 'from', 'isLocalDate'],
      ['days', { from: '2026-01-01' }, 'to', 'required'],
    ])('%s %j → 400 on %s (%s)', async (route, q, field, ruleName) => {
      const res = await query(`/api/calendar/${route}`, q as Record<string, string>).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.body.message).toMatch(new RegExp(`^${field}: `));
      expect(res.body.details).toContainEqual(expect.objectContaining({ field, rule: ruleName }));
    });

    it('accepts the longest range (732 days) and 365 working days', async () => {
      expect((await days('2026-01-01', '2028-01-02')).days).toHaveLength(732);
      expect((await dueDate('2026-01-01', 365)).dueDate).toMatch(/^2027-/);
    });

    it('refuses bad override lists and keeps the stored one', async () => {
      const before = await overrides();
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ days: [] }, 'publishedYears', 'required'],
        [{ publishedYears: [] }, 'days', 'required'],
        [{ days: [{ ...TYPHOON, date: '2026-02-30' }], publishedYears: [] }, 'days.0.date', 'isLocalDate'],
        [{ days: [{ ...TYPHOON, workingDay: 'false' }], publishedYears: [] }, 'days.0.workingDay', 'isBoolean'],
        [{ days: [{ ...TYPHOON, name: ' ' }], publishedYears: [] }, 'days.0.name', 'isNotBlank'],
        [{ days: [{ ...TYPHOON, name: '台风\n停工' }], publishedYears: [] }, 'days.0.name', 'noControlCharacters'],
        [{ days: [{ ...TYPHOON, colour: 'red' }], publishedYears: [] }, 'days.0.colour', 'unknown_field'],
        [{ days: [TYPHOON, { ...TYPHOON, name: '又一次' }], publishedYears: [] }, 'days', 'uniqueDates'],
        [{ days: ['2026-10-14'], publishedYears: [] }, 'days.0', 'nestedValidation'],
        [{ days: [], publishedYears: [1800] }, 'publishedYears', 'isIntegerBetween'],
        [{ days: [], publishedYears: ['2027'] }, 'publishedYears', 'isIntegerBetween'],
        [{ days: [], publishedYears: [2027, 2027] }, 'publishedYears', 'arrayUnique'],
        [{ days: [], publishedYears: [], replace: true }, 'replace', 'unknown_field'],
      ];
      for (const [body, field, ruleName] of cases) {
        const res = await t.http().put('/api/admin/calendar/overrides').set(admin).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(res.body.details).toContainEqual(expect.objectContaining({ field, rule: ruleName }));
      }
      const notJson = await t
        .http()
        .put('/api/admin/calendar/overrides')
        .set(admin)
        .set('Content-Type', 'application/json')
        .send('{"days": [')
        .expect(400);
      expect(notJson.body.message).toMatch(/JSON/);
      expect(await overrides()).toEqual(before);
    });
  });

  it('documents the routes in the OpenAPI document', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/calendar/due-date', '/api/calendar/days', '/api/admin/calendar/overrides']),
    );
    const params = res.body.paths['/api/calendar/due-date'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['from', 'workingDays']));
  });
});
