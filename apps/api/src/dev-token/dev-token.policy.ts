import type { AppConfig } from '@wenzheng/platform';

/**
 * The console's development role picker may mint tokens only when nobody configured how tokens are
 * signed: no AUTH_JWT_SECRET and no AUTH_JWKS_URL, so the API runs on the secret it generated into
 * .data/. With a JWKS (single sign-on) the generated secret may still sign access keys, which is why
 * `jwksUrl` is checked too: a production deployment must never hand out staff tokens.
 */
export function devTokensAllowed(configured: Pick<AppConfig, 'jwtSecret' | 'jwksUrl'>): boolean {
  return !configured.jwtSecret && !configured.jwksUrl;
}
