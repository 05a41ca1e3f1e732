import { SignJWT } from 'jose';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

const SECRET = 'token-verifier-spec-secret-of-enough-length';
const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);

function mint(
  claims: { sub: string; roles?: string[]; departmentId?: string },
  expiresInSeconds: number,
  secret = SECRET,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ roles: claims.roles ?? ['reviewer'], ...(claims.departmentId ? { departmentId: claims.departmentId } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuedAt(now)
    .setExpirationTime(now + expiresInSeconds)
    .sign(new TextEncoder().encode(secret));
}

describe('TokenVerifier: verified tokens are cached by their exact text', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: T0, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  });
  afterEach(() => jest.useRealTimers());

  it('answers the same token again from the cache (the same principal, frozen)', async () => {
    const verifier = new TokenVerifier({ secret: SECRET });
    const token = await mint({ sub: 'alice', departmentId: 'd1' }, 3600);
    const first = await verifier.verify(token);
    expect(first).toEqual({ sub: 'alice', roles: ['reviewer'], departmentId: 'd1' });
    expect(await verifier.verify(token)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.roles)).toBe(true);
  });

  it('reads a departmentId that is a UUID in lower case, as every route reads an id; any other id as written', async () => {
    const verifier = new TokenVerifier({ secret: SECRET });
    const upper = await verifier.verify(
      await mint({ sub: 'h', roles: ['handler'], departmentId: '6F1C2A9E-3B7D-4C5E-8A9F-1D2E3F4A5B6C' }, 3600),
    );
    expect(upper.departmentId).toBe('6f1c2a9e-3b7d-4c5e-8a9f-1d2e3f4a5b6c');
    const slug = await verifier.verify(await mint({ sub: 'h', roles: ['handler'], departmentId: 'Dept-A' }, 3600));
    expect(slug.departmentId).toBe('Dept-A');
  });

  it('refuses a cached token once it has expired (exp plus the 30 s clock tolerance jose allows)', async () => {
    const verifier = new TokenVerifier({ secret: SECRET });
    const token = await mint({ sub: 'alice' }, 60);
    await verifier.verify(token);
    jest.setSystemTime(T0 + 89_000);
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'alice' });
    jest.setSystemTime(T0 + 90_000);
    await expect(verifier.verify(token)).rejects.toThrow(InvalidTokenError);
    // and stays refused: the expired entry is gone, not kept for later
    await expect(verifier.verify(token)).rejects.toThrow(/exp/);
  });

  it('never answers a token from another token’s entry: another subject, a tampered or a foreign signature', async () => {
    const verifier = new TokenVerifier({ secret: SECRET });
    const alice = await mint({ sub: 'alice', roles: ['reviewer'] }, 3600);
    const bob = await mint({ sub: 'bob', roles: ['handler'], departmentId: 'd2' }, 3600);
    await verifier.verify(alice);
    await expect(verifier.verify(bob)).resolves.toEqual({ sub: 'bob', roles: ['handler'], departmentId: 'd2' });
    const [h, p, s] = alice.split('.');
    const tampered = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(verifier.verify(tampered)).rejects.toThrow(InvalidTokenError);
    // the same claims signed with another secret: the cache is keyed by the whole token, signature included
    const forged = await mint({ sub: 'alice', roles: ['reviewer'] }, 3600, 'another-secret-of-enough-length-too');
    await expect(verifier.verify(forged)).rejects.toThrow(InvalidTokenError);
    await expect(verifier.verify(alice)).resolves.toMatchObject({ sub: 'alice' });
  });

  it('refuses an invalid token every time (failures are not cached as successes, nor the other way round)', async () => {
    const verifier = new TokenVerifier({ secret: SECRET });
    const expired = await mint({ sub: 'carol' }, -120);
    await expect(verifier.verify(expired)).rejects.toThrow(InvalidTokenError);
    await expect(verifier.verify(expired)).rejects.toThrow(InvalidTokenError);
  });

  it('keeps at most 10,000 tokens, forgetting the least recently used', async () => {
    const verifier = new TokenVerifier({ secret: SECRET });
    const tokens = await Promise.all(Array.from({ length: 10_001 }, (_, i) => mint({ sub: `user-${i}` }, 3600)));
    const first = await verifier.verify(tokens[0]);
    const second = await verifier.verify(tokens[1]);
    for (const t of tokens.slice(2, 10_000)) await verifier.verify(t);
    expect(await verifier.verify(tokens[0])).toBe(first); // used again: now the most recent
    await verifier.verify(tokens[10_000]); // the 10,001st pushes out the least recently used: tokens[1]
    const again = await verifier.verify(tokens[1]);
    expect(again).not.toBe(second);
    expect(again).toEqual(second);
  });
});

// An attacking helper's find (2026-12-07): a token issued a year ahead was taken.
describe('TokenVerifier: iat', () => {
  const mintAt = (iat: number, exp: number) =>
    new SignJWT({ roles: ['reviewer'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(SECRET));

  it('refuses a token issued in the future beyond the clock tolerance, and takes one within it', async () => {
    const now = Math.floor(Date.now() / 1000);
    const verifier = new TokenVerifier({ secret: SECRET });
    await expect(verifier.verify(await mintAt(now + 365 * 86400, now + 365 * 86400 + 600))).rejects.toThrow(InvalidTokenError);
    await expect(verifier.verify(await mintAt(now + 120, now + 600))).rejects.toThrow(/iat: a token cannot be issued in the future/);
    await expect(verifier.verify(await mintAt(now + 10, now + 600))).resolves.toMatchObject({ sub: 'alice' });
  });
});
