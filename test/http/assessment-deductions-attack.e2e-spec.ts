import { useAppWithTokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// attack: GET /api/reports/assessment/deductions read offset and limit with Number(), unlike every other
// paged route (ToInteger: digits only). An empty or blank offset was page one, 1e1 was 10, 0x10 was 16
// and limit=1e2 a page of 100: a 200 for what is no integer as written. Now each is a 400 naming the field.
describe('GET /api/reports/assessment/deductions: offset and limit as written', () => {
  const ctx = useAppWithTokens();
  const page = (query: string) =>
    ctx.t.http().get(`/api/reports/assessment/deductions?from=2026-10-01&to=2026-11-01${query}`).set(bearer(ctx.tk.supervisor));

  it.each([
    ['&offset=', 'offset'],
    ['&offset=%20', 'offset'],
    ['&offset=1e1', 'offset'],
    ['&offset=0x10', 'offset'],
    ['&offset=%EF%BC%91', 'offset'], // a full-width 1
    ['&offset=1&offset=2', 'offset'],
    ['&limit=1e2', 'limit'],
    ['&limit=%2B5', 'limit'],
    ['&limit=5.0', 'limit'],
    ['&offset=1000001', 'offset'],
  ])('%s is a 400 naming %s', async (query, field) => {
    const res = await page(query).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
  });

  it('digits are read as the number they write', async () => {
    const res = await page('&offset=1000000&limit=100').expect(200);
    expect(res.body).toMatchObject({ offset: 1_000_000, limit: 100, items: [] });
  });
});
