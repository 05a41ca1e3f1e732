import createClient, { type Middleware } from 'openapi-fetch';
import { m } from '../i18n';
import { ApiError, type FieldProblem } from './errors';
import type { paths } from './schema';

/**
 * The typed client: paths, parameters and bodies come from schema.d.ts, generated from the
 * committed OpenAPI document (openapi.json; test/web/openapi.e2e-spec.ts keeps it equal to what
 * the API serves), so a changed route breaks `npm run typecheck`, not a screen.
 */
export const api = createClient<paths>({ baseUrl: '' });

let bearer: (() => string | undefined) | undefined;
/** The console signs its requests; the public site never sends a token. */
export function useBearer(get: () => string | undefined): void {
  bearer = get;
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = bearer?.();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
};
api.use(auth);

/** The data of a 2xx answer, or an ApiError carrying the API's status and message. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let r: Awaited<typeof call>;
  try {
    r = await call;
  } catch {
    throw new ApiError(0, m.errors.network);
  }
  if (r.response.ok) return r.data as T;
  const body = (r.error ?? {}) as { message?: unknown; code?: string; details?: unknown; rule?: unknown };
  const rule = typeof body.rule === 'string' ? body.rule : undefined;
  // A 429 naming no rule is the address's rate limit (its English message shown as it was on the public
  // pages): said in the screens' words. One with a rule (a survey's phone) is told by the screen.
  const message =
    r.response.status === 429 && rule === undefined
      ? m.errors.tooMany
      : typeof body.message === 'string'
        ? body.message
        : `${m.errors.generic} (${r.response.status})`;
  throw new ApiError(
    r.response.status,
    message,
    body.code,
    Array.isArray(body.details) ? (body.details as FieldProblem[]) : undefined,
    rule,
  );
}

/** A fresh Idempotency-Key per user action, so a retried click never appends twice. */
export const idempotencyKey = (): string => crypto.randomUUID();

/**
 * `{ref}` for routes whose OpenAPI entry does not declare it (rate, comments: the API reads it
 * through a pipe without @ApiParam), merged with the declared headers. Remove once the API declares it.
 */
export const withRef = <H extends object>(ref: string, header: H) => ({ path: { ref }, header }) as unknown as { header: H };
