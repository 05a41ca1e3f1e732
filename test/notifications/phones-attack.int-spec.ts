import { createHash } from 'node:crypto';
import { NotificationSender, SMS_GATEWAY, SmsGateway, SmsMessage } from '@wenzheng/workers';
import { createTestApp, TestApp } from '../setup/app';
import { shanghai, useFakeClock, waitForEveryEvent } from '../setup/clock';

// An attacking helper on 0e90b18 (fixed: only a mainland mobile is texted, as its 11 digits): which numbers a citizen's text goes to. Open311's phone is free text (only "required").
const OPEN311_KEY = 'attack3-open311-key-0123456789abcdef';
let t: TestApp;
let sender: NotificationSender;
let gateway: SmsGateway;

beforeAll(async () => {
  t = await createTestApp({
    SMS_REVIEWER_PHONE: '13600000003',
    OPEN311_API_KEYS: `fixmystreet:${createHash('sha256').update(OPEN311_KEY).digest('hex')}`,
  });
  useFakeClock(t.app, shanghai('2026-12-14T10:00:00'));
  sender = t.app.get(NotificationSender);
  gateway = t.app.get<SmsGateway>(SMS_GATEWAY);
});
afterAll(async () => t.close());

async function report(phone: string): Promise<string> {
  const res = await t
    .http()
    .post('/open311/v2/requests.json')
    .type('form')
    .send({ api_key: OPEN311_KEY, service_code: 'csgl', address_string: '五马街1号', description: '路面塌陷', last_name: '张', phone });
  if (res.status !== 201) throw new Error(`${phone}: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { service_request_id: string }[])[0].service_request_id;
}

async function citizenTexts(phones: string[]) {
  const send = jest.spyOn(gateway, 'send');
  try {
    const codes = [];
    for (const p of phones) codes.push(await report(p));
    await waitForEveryEvent(t.app, t.runtime.pool);
    await sender.runOnce();
    return codes.map((code, i) => ({
      phone: phones[i],
      to: send.mock.calls
        .map(([m]) => m as SmsMessage)
        .filter((m) => m.text.includes(code) && m.to !== '13600000003')
        .map((m) => m.to),
    }));
  } finally {
    send.mockRestore();
  }
}

it('a mobile in a form the API accepts is texted at its 11 digits, not as written (+86-, "86 ": gateways differ on prefixes)', async () => {
  const odd = ['+86-13812345678', '86 13812345678', '86-13812345678', '138 1234 5678', '138-1234-5678'];
  const got = await citizenTexts(odd);
  expect(got).toEqual(odd.map((phone) => ({ phone, to: ['13812345678'] })));
});

it('a landline takes no text; a number with an area code the scan does not know is refused at the door', async () => {
  // IsPhoneNumber: PHONE's shape and phoneNumberDigits' reading, so nothing is taken that the sender cannot read.
  const got = await citizenTexts(['0577-88123456', '010 62345678']);
  expect(got).toEqual([
    { phone: '0577-88123456', to: [] },
    { phone: '010 62345678', to: [] },
  ]);
  for (const phone of ['0123-1234567', '0000-0000000', '0123-45678901']) await expect(report(phone)).rejects.toThrow(/400/);
});
