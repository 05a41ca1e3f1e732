/**
 * Whether a request is for the Open311 endpoint. Express matches routes whatever the case of the
 * path (`/OPEN311/v2/…` is served), so this does too; the query string is no part of it.
 */
export const isOpen311Request = (req: { originalUrl?: string; url?: string } | undefined): boolean =>
  /^\/open311(\/|$)/i.test((req?.originalUrl ?? req?.url ?? '').split('?')[0]);
