/** The anonymous rate limit's refusal, from the guard or, for a retry under a key, the idempotency interceptor. */
export const TOO_MANY_REQUESTS = 'too many requests from this address: try again after the Retry-After seconds';

/**
 * A request over the anonymous rate limit that carries an Idempotency-Key: let past the guard to be
 * answered from its key only (the first answer replayed, 422 for another request under it), never
 * run, claimed or kept waiting; with no answer recorded it is the 429 after all.
 */
export interface RateLimitMark {
  overRateLimit?: { readonly retryAfterSeconds: number; readonly limit: number };
}

/** A 429's headers: Retry-After, and the limit's as a request within it carries them (none left, reset then). */
export function setRefusalHeaders(
  res: { setHeader(name: string, value: string): unknown },
  limit: number,
  retryAfterSeconds: number,
): void {
  res.setHeader('Retry-After', String(retryAfterSeconds));
  res.setHeader('X-RateLimit-Limit', String(limit));
  res.setHeader('X-RateLimit-Remaining', '0');
  res.setHeader('X-RateLimit-Reset', String(retryAfterSeconds));
}
