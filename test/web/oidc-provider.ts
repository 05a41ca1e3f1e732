import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface TestUser {
  sub: string;
  roles: string[];
  departmentId?: string;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  audience: string;
  /** Who signs in next (the provider consents at once, as a signed-in user of the issuer would). */
  user: TestUser;
  /** Token requests refused, with the reason: a wrong PKCE verifier lands here. */
  refused: string[];
  /** Authorization requests seen, with their PKCE challenge method. */
  authorizations: { clientId: string; challengeMethod: string | null }[];
  stop(): Promise<void>;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce?: string;
}

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });

/**
 * A minimal OpenID provider for the console's sign-in tests (oidc-provider is ESM-only and wants a
 * newer Node): discovery, an authorize endpoint that redirects back with a code at once, a token
 * endpoint that checks the PKCE verifier (S256) before issuing an RS256 access token with the user's
 * roles and an ID token, and the JWKS the API verifies with.
 */
export async function startTestProvider(): Promise<TestProvider> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const grants = new Map<string, Grant>();
  const state: TestProvider = {
    issuer: '',
    clientId: 'wenzheng-console',
    audience: 'wenzheng-api',
    user: { sub: 'staff-1', roles: ['reviewer'] },
    refused: [],
    authorizations: [],
    stop: async () => undefined,
  };
  const sign = (claims: Record<string, unknown>, audience: string) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
      .setIssuer(state.issuer)
      .setAudience(audience)
      .setSubject(state.user.sub)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', state.issuer);
    // The console fetches discovery and the token endpoint from its own origin.
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'Content-Type, Authorization' };
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { ...cors, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'Access-Control-Allow-Methods': 'GET, POST' });
      res.end();
      return;
    }
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: state.issuer,
        authorization_endpoint: `${state.issuer}/authorize`,
        token_endpoint: `${state.issuer}/token`,
        jwks_uri: `${state.issuer}/jwks`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code'],
        code_challenge_methods_supported: ['S256'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['none'],
        scopes_supported: ['openid', 'profile'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      const p = url.searchParams;
      state.authorizations.push({ clientId: p.get('client_id') ?? '', challengeMethod: p.get('code_challenge_method') });
      const redirect = p.get('redirect_uri');
      if (p.get('client_id') !== state.clientId || !redirect) return json(400, { error: 'invalid_client' });
      if (p.get('response_type') !== 'code' || p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge'))
        return json(400, { error: 'invalid_request', error_description: 'authorization code with PKCE (S256) only' });
      const code = randomUUID();
      grants.set(code, {
        clientId: state.clientId,
        redirectUri: redirect,
        challenge: p.get('code_challenge') as string,
        nonce: p.get('nonce') ?? undefined,
      });
      const back = new URL(redirect);
      back.searchParams.set('code', code);
      if (p.get('state')) back.searchParams.set('state', p.get('state') as string);
      res.writeHead(302, { Location: back.toString() });
      res.end();
      return;
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const body = new URLSearchParams(await read(req));
      const code = body.get('code') ?? '';
      const grant = grants.get(code);
      grants.delete(code); // a code is good once
      if (!grant || body.get('grant_type') !== 'authorization_code' || body.get('redirect_uri') !== grant.redirectUri) {
        state.refused.push('invalid_grant');
        return json(400, { error: 'invalid_grant' });
      }
      const verifier = body.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
        state.refused.push('pkce');
        return json(400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
      }
      const { roles, departmentId } = state.user;
      return json(200, {
        access_token: await sign({ roles, ...(departmentId ? { departmentId } : {}) }, state.audience),
        id_token: await sign(grant.nonce ? { nonce: grant.nonce } : {}, grant.clientId),
        token_type: 'Bearer',
        expires_in: 3600,
        scope: 'openid profile',
      });
    }
    json(404, { error: 'not_found' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.stop = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return state;
}
