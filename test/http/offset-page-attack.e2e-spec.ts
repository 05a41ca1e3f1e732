import { useAppWithTokens } from '../setup/petitions';

/**
 * The short lists read a page at a time (consultations, surveys, interviews) take `limit` and `offset` as
 * digits only, as every paged route does: `@Type(() => Number)` took "" and " " for 0, 1e1 for 10 and 0x10
 * for 16 (found on the deductions' route by an attacking helper, 2026-12-07). Each is a 400 naming the field.
 */
describe('limit and offset of the participation lists', () => {
  const ctx = useAppWithTokens();
  const lists = ['/api/public/consultations', '/api/public/surveys', '/api/public/interviews'];

  it.each(lists)('%s: digits are a page', async (list) => {
    await ctx.t.http().get(list).query({ limit: '5', offset: '0' }).expect(200);
  });

  it.each(
    lists.flatMap((list) => [
      [list, 'limit', '1e1'],
      [list, 'limit', '0x10'],
      [list, 'limit', ' '],
      [list, 'offset', ''],
      [list, 'offset', '1e2'],
      [list, 'offset', '-1'],
      [list, 'limit', '101'],
    ]),
  )('%s: %s=%j is a 400 naming the field once', async (list, field, value) => {
    const r = await ctx.t
      .http()
      .get(list)
      .query({ [field]: value })
      .expect(400);
    expect(r.body.details.filter((d: { field: string }) => d.field === field)).toHaveLength(1);
  });
});
