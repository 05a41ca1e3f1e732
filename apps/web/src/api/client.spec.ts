import { describe, expect, it } from 'vitest';
import { unwrap } from './client';
import { ApiError } from './errors';

/** What openapi-fetch hands unwrap for an answer that is not 2xx: the parsed body and the response. */
const refused = (status: number, body: object) => unwrap(Promise.resolve({ error: body, response: new Response(null, { status }) }));

describe('unwrap: an answer that is not 2xx as an ApiError', () => {
  it('a 429 naming no rule (the address’s rate limit) is said in Chinese, not in the API’s English', async () => {
    const e = await refused(429, {
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'too many requests from this address: try again after the Retry-After seconds',
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).message).toBe('提交过于频繁，请稍后再试');
  });

  it('keeps a 409’s or 429’s rule and message, for the screen that tells it by the rule', async () => {
    const e = (await refused(409, {
      statusCode: 409,
      message: 'cannot respond: this respondent has already answered this survey',
      code: 'rule_violation',
      rule: 'already_responded',
    }).catch((x: unknown) => x)) as ApiError;
    expect([e.status, e.code, e.rule, e.message]).toEqual([
      409,
      'rule_violation',
      'already_responded',
      'cannot respond: this respondent has already answered this survey',
    ]);
    const locked = (await refused(429, { message: 'phone: locked …', rule: 'phone_locked' }).catch((x: unknown) => x)) as ApiError;
    expect([locked.rule, locked.message]).toEqual(['phone_locked', 'phone: locked …']);
  });
});
