import { Logger } from '@nestjs/common';
import { maskPhone } from '@wenzheng/redaction';

export interface SmsMessage {
  /** The full number: only the gateway sees it. */
  readonly to: string;
  readonly text: string;
  readonly template: string;
  /** The delivery key: gateways that deduplicate get it as the client's message id. */
  readonly key: string;
}

export interface SmsReceipt {
  readonly messageId: string;
}

/** Where SMS leave the platform. Implementations must never put the number into an error message. */
export interface SmsGateway {
  readonly name: string;
  send(message: SmsMessage): Promise<SmsReceipt>;
}

export const SMS_GATEWAY = Symbol('SMS_GATEWAY');

/** A refusal that retrying cannot change (e.g. the gateway rejects the number); the delivery fails at once. */
export class PermanentSmsError extends Error {
  override name = 'PermanentSmsError';
}

/** The default: writes each message to the log with the number masked. */
export class LogSmsGateway implements SmsGateway {
  readonly name = 'log';
  private readonly logger = new Logger('sms');

  async send(message: SmsMessage): Promise<SmsReceipt> {
    this.logger.log(`to ${maskPhone(message.to)} [${message.template}] ${message.text}`);
    return { messageId: `log:${message.key}` };
  }
}

export interface HttpSmsGatewayOptions {
  readonly url: string;
  /** `Name: value`, or just a value for the Authorization header. */
  readonly authHeader?: string;
  /** The JSON body with {to}, {text}, {template} and {key} placeholders. */
  readonly bodyTemplate: string;
  readonly timeoutMs: number;
}

export const DEFAULT_HTTP_BODY_TEMPLATE = '{"to":"{to}","text":"{text}","template":"{template}","clientMessageId":"{key}"}';

/** JSON-string-escaped, so a value can stand inside the quotes of the body template. */
const jsonInner = (value: string) => JSON.stringify(value).slice(1, -1);

/**
 * A generic HTTP SMS provider: POSTs the body template to a URL with an auth header and an
 * Idempotency-Key. 2xx is success (the message id is read from common fields of a JSON answer);
 * 4xx other than 408 and 429 is permanent; anything else is retried by the sender.
 */
export class HttpSmsGateway implements SmsGateway {
  readonly name = 'http';
  private readonly host: string;
  private readonly header?: readonly [string, string];

  constructor(
    private readonly options: HttpSmsGatewayOptions,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.host = new URL(options.url).host;
    if (options.authHeader) {
      const colon = options.authHeader.indexOf(':');
      this.header =
        colon > 0 && /^[A-Za-z0-9-]+$/.test(options.authHeader.slice(0, colon))
          ? [options.authHeader.slice(0, colon).trim(), options.authHeader.slice(colon + 1).trim()]
          : ['Authorization', options.authHeader.trim()];
    }
  }

  async send(message: SmsMessage): Promise<SmsReceipt> {
    const values: Record<string, string> = { to: message.to, text: message.text, template: message.template, key: message.key };
    const body = this.options.bodyTemplate.replace(/\{(to|text|template|key)\}/g, (_, name: string) => jsonInner(values[name]));
    let response: Response;
    try {
      response = await this.fetchImpl(this.options.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Idempotency-Key': message.key,
          ...(this.header ? { [this.header[0]]: this.header[1] } : {}),
        },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (e) {
      const name = (e as { name?: unknown } | null)?.name; // a DOMException, not always an Error of this realm
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      // The cause's text is not used: some clients echo the request.
      throw new Error(
        timedOut ? `SMS gateway ${this.host} did not answer within ${this.options.timeoutMs} ms` : `SMS gateway ${this.host} unreachable`,
      );
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      const problem = `SMS gateway ${this.host} answered HTTP ${response.status}`;
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429)
        throw new PermanentSmsError(problem);
      throw new Error(problem);
    }
    return { messageId: messageIdOf(text) ?? message.key };
  }
}

function messageIdOf(body: string): string | undefined {
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const data = (json.data ?? {}) as Record<string, unknown>;
    for (const v of [json.messageId, json.id, json.bizId, json.msgId, json.sid, data.messageId, data.id]) {
      if (typeof v === 'string' && v !== '') return v.slice(0, 200);
      if (typeof v === 'number') return String(v);
    }
  } catch {
    // not JSON: the sender keeps the delivery key as the id
  }
  return undefined;
}
