import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from '@wenzheng/platform';
import { DEFAULT_HTTP_BODY_TEMPLATE, HttpSmsGateway, PermanentSmsError } from '@wenzheng/workers';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let url: string;
const received: Received[] = [];
let answer: (res: ServerResponse) => void = (res) => res.end();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      answer(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms/send`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  received.length = 0;
});

const message = {
  to: '13812345678',
  text: '【问政】您的诉求已收到，查询码WZ20261029-ABCDEFGHJK。"引号"\\',
  template: 'petition_received',
  key: 'e1:citizen',
};

describe('the generic HTTP SMS gateway', () => {
  it("POSTs the body template with the auth header and an Idempotency-Key; reads the provider's message id", async () => {
    answer = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'OK', bizId: 'biz-42' }));
    const gateway = new HttpSmsGateway({ url, authHeader: 'X-Api-Key: s3cret', bodyTemplate: DEFAULT_HTTP_BODY_TEMPLATE, timeoutMs: 2000 });
    await expect(gateway.send(message)).resolves.toEqual({ messageId: 'biz-42' });
    expect(received).toHaveLength(1);
    expect(received[0].headers['x-api-key']).toBe('s3cret');
    expect(received[0].headers['idempotency-key']).toBe('e1:citizen');
    expect(JSON.parse(received[0].body)).toEqual({
      to: message.to,
      text: message.text,
      template: 'petition_received',
      clientMessageId: 'e1:citizen',
    });
  });

  it('takes a bare auth value as the Authorization header and a custom body template', async () => {
    answer = (res) => res.end('queued');
    const gateway = new HttpSmsGateway({
      url,
      authHeader: 'Bearer abc',
      bodyTemplate: '{"mobile":"{to}","content":"{text}","outId":"{key}"}',
      timeoutMs: 2000,
    });
    await expect(gateway.send(message)).resolves.toEqual({ messageId: 'e1:citizen' });
    expect(received[0].headers.authorization).toBe('Bearer abc');
    expect(JSON.parse(received[0].body)).toEqual({ mobile: message.to, content: message.text, outId: 'e1:citizen' });
  });

  it('5xx and timeouts are retryable errors, 4xx is permanent; no error names the number', async () => {
    // The answers get a timeout a loaded machine keeps within (a CI run beside a benchmark once took
    // more than 300 ms for the 503); the short one is for the gateway that never answers.
    const gateway = new HttpSmsGateway({ url, bodyTemplate: DEFAULT_HTTP_BODY_TEMPLATE, timeoutMs: 5_000 });
    const impatient = new HttpSmsGateway({ url, bodyTemplate: DEFAULT_HTTP_BODY_TEMPLATE, timeoutMs: 300 });
    answer = (res) => res.writeHead(503).end(`busy, try again later for ${message.to}`);
    const busy = await gateway.send(message).catch((e: Error) => e);
    expect(busy).toBeInstanceOf(Error);
    expect(busy).not.toBeInstanceOf(PermanentSmsError);
    expect((busy as Error).message).toMatch(/answered HTTP 503$/);

    answer = (res) => res.writeHead(400).end(`invalid mobile ${message.to}`);
    const bad = await gateway.send(message).catch((e: Error) => e);
    expect(bad).toBeInstanceOf(PermanentSmsError);

    answer = () => undefined; // never answers
    const slow = await impatient.send(message).catch((e: Error) => e);
    expect((slow as Error).message).toMatch(/did not answer within 300 ms/);

    for (const e of [busy, bad, slow]) expect((e as Error).message).not.toContain(message.to);
  });
});

describe('configuration', () => {
  it('defaults: watcher every minute, sender every 10 s, log gateway, no numbers', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      deadlineWatcherIntervalMs: 60_000,
      notifySenderIntervalMs: 10_000,
      smsGateway: 'log',
      smsDepartmentPhones: {},
    });
  });

  it('refuses an http gateway without a URL and a malformed phone book, without echoing numbers', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (e) {
        if (e instanceof ConfigError) return e;
      }
      throw new Error('accepted');
    };
    expect(Object.keys(problems({ SMS_GATEWAY: 'http' }).problems)).toEqual(['SMS_HTTP_URL']);
    const book = problems({ SMS_DEPARTMENT_PHONES: '["13700000001"]' });
    expect(Object.keys(book.problems)).toEqual(['SMS_DEPARTMENT_PHONES']);
    expect(book.message).not.toContain('13700000001');
    expect(Object.keys(problems({ DEADLINE_WATCHER_INTERVAL_MS: '-5' }).problems)).toEqual(['DEADLINE_WATCHER_INTERVAL_MS']);
    expect(loadConfig({ SMS_DEPARTMENT_PHONES: '{"zfj":"13700000001"}', DEADLINE_WATCHER_INTERVAL_MS: '0' })).toMatchObject({
      smsDepartmentPhones: { zfj: '13700000001' },
      deadlineWatcherIntervalMs: 0,
    });
  });
});
