import { SMS_GATEWAY, SmsGateway } from '@wenzheng/workers';
import { FakeClock } from '@wenzheng/petition-store';
import { createTestApp, TestApp } from '../setup/app';
import { shanghai, useFakeClock } from '../setup/clock';
import { Tokens, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// A survey closed by its staff before the end of its period: a phone code is refused as closed,
// not with the period, which still runs.

let t: TestApp;
let tk: Tokens;
let clock: FakeClock;
let id: string;

const post = (path: string, token: string | undefined, body: object = {}) =>
  t
    .http()
    .post(path)
    .set(token ? bearer(token) : {})
    .send(body);

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  clock = useFakeClock(t.app, shanghai('2026-10-12T09:00:00'));
  jest.spyOn(t.app.get<SmsGateway>(SMS_GATEWAY), 'send').mockImplementation(async (m) => ({ messageId: m.key }));
  const r = await post('/api/surveys', tk.handlerA, {
    title: '城市供水服务满意度调查',
    questions: [{ id: 'q1', kind: 'single', text: '是否使用过供水热线？', options: ['是', '否'] }],
    opensAt: '2026-10-12',
    closesAt: '2026-10-23',
  }).expect(201);
  id = r.body.id;
});
afterAll(async () => {
  jest.restoreAllMocks();
  await t?.close();
});

describe('a survey closed early', () => {
  it('a phone code is 409 saying the survey is closed and when, not the period', async () => {
    await post(`/api/surveys/${id}/phone-codes`, undefined, { phone: '13912345678' }).expect(202);
    clock.set(shanghai('2026-10-15T10:00:00'));
    await post(`/api/surveys/${id}/close`, tk.handlerA).expect(200);
    const r = await post(`/api/surveys/${id}/phone-codes`, undefined, { phone: '13812340000' }).expect(409);
    expect(r.body.message).toBe('survey: closed on 2026-10-15T02:00:00.000Z; it takes no more responses');
  });
});
