import type { UserManager } from 'oidc-client-ts';
import { api, unwrap } from '../api/client';
import type { Schemas } from '../api/types';

export type AuthConfig = Schemas['AuthConfigView'];

/** How this deployment signs staff in (GET /api/auth/config): single sign-on, the development picker, or neither. */
export const authConfig = (): Promise<AuthConfig> => unwrap(api.GET('/api/auth/config'));

export const CALLBACK_PATH = '/console/sign-in/callback';

/**
 * The issuer's client, loaded only when single sign-on is configured (oidc-client-ts stays out of
 * the development sign-in and the public site). Authorization code with PKCE (S256): the verifier
 * and the state wait in this tab's sessionStorage between the redirect and the callback.
 */
async function userManager(c: AuthConfig): Promise<UserManager> {
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  const store = new WebStorageStateStore({ store: window.sessionStorage, prefix: 'wz.oidc.' });
  return new UserManager({
    authority: c.authority ?? '',
    client_id: c.clientId ?? '',
    scope: c.scope ?? 'openid',
    redirect_uri: `${window.location.origin}${CALLBACK_PATH}`,
    response_type: 'code',
    stateStore: store,
    userStore: store,
    loadUserInfo: false,
    automaticSilentRenew: false,
  });
}

/** To the issuer's sign-in page; `next` is where the console goes back to after the callback. */
export async function startSignIn(c: AuthConfig, next: string | null): Promise<void> {
  await (await userManager(c)).signinRedirect({ state: { next } });
}

/** The issuer sent the browser back with a code: exchange it (with the PKCE verifier) for the access token the API verifies. */
export function finishSignIn(c: AuthConfig): Promise<{ token: string; next?: string }> {
  // A code is exchanged once: React's development double effects must not send it twice.
  const url = window.location.href;
  if (callback?.url !== url) callback = { url, result: exchange(c, url) };
  return callback.result;
}
let callback: { url: string; result: Promise<{ token: string; next?: string }> } | undefined;

async function exchange(c: AuthConfig, url: string): Promise<{ token: string; next?: string }> {
  const user = await (await userManager(c)).signinRedirectCallback(url);
  const next = (user.state as { next?: string | null } | undefined)?.next ?? undefined;
  return { token: user.access_token, next };
}
