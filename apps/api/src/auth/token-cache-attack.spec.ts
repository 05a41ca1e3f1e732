import { SignJWT } from 'jose';
import { TokenVerifier } from './token-verifier';

// Attack on the verified-token cache (8327f22): at every instant a verifier that has seen a token
// before must answer as one that never has (the previous release verified every time), for tokens
// whose acceptance changes with time: near exp and its 30 s tolerance, a fractional exp, nbf ahead,
// iat ahead, a lifetime at the 24 h limit. Times step by 250 ms across each edge.

const SECRET = 'token-cache-attack-secret-of-enough-length';
const T0 = Date.UTC(2026, 11, 1, 12, 0, 0) + 400; // not on a whole second: the edges fall between ticks

const sign = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256' }) =>
  new SignJWT({ roles: ['reviewer'], ...claims })
    .setProtectedHeader(header as { alg: string })
    .setSubject('alice')
    .sign(new TextEncoder().encode(SECRET));

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (e: Error) => `refused (${e.constructor.name})`,
  );

describe('the token cache answers as verifying afresh would, at every instant', () => {
  beforeEach(() => jest.useFakeTimers({ now: T0, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  const now = Math.floor(T0 / 1000);
  const CASES: [string, Record<string, unknown>, number][] = [
    ['exp in 5 s', { exp: now + 5, iat: now }, 40],
    ['exp now', { exp: now, iat: now - 10 }, 35],
    ['a fractional exp', { exp: now + 2.5, iat: now }, 40],
    ['nbf 20 s ahead (past the tolerance)', { exp: now + 120, nbf: now + 40, iat: now }, 50],
    ['nbf 10 s ahead (within the tolerance)', { exp: now + 120, nbf: now + 10, iat: now }, 20],
    ['iat 60 s ahead', { exp: now + 120, iat: now + 60 }, 70],
    ['a lifetime of exactly 24 h from now', { exp: now + 24 * 3600 + 30 }, 5],
    ['a lifetime of 24 h and 31 s from iat', { exp: now + 100, iat: now + 100 - 24 * 3600 - 31 }, 5],
  ];
  for (const [name, claims, seconds] of CASES) {
    it(name, async () => {
      const token = await sign(claims);
      const cached = new TokenVerifier({ secret: SECRET });
      const seen: string[] = [];
      const fresh: string[] = [];
      for (let ms = 0; ms <= seconds * 1000; ms += 250) {
        jest.setSystemTime(T0 + ms);
        seen.push(`${ms}: ${await outcome(cached.verify(token))}`);
        fresh.push(`${ms}: ${await outcome(new TokenVerifier({ secret: SECRET }).verify(token))}`);
      }
      expect(seen).toEqual(fresh);
    });
  }

  it('a token without exp, or signed with alg none or RS256 under an HS256-only verifier, is refused every time', async () => {
    const verifier = new TokenVerifier({ secret: SECRET });
    const noExp = await new SignJWT({ roles: ['reviewer'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .sign(new TextEncoder().encode(SECRET));
    const [, body] = noExp.split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`;
    const good = await sign({ exp: now + 600 });
    const [, goodBody, goodSig] = good.split('.');
    const rs = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${goodBody}.${goodSig}`;
    await verifier.verify(good);
    for (const token of [noExp, none, rs]) for (let i = 0; i < 2; i++) expect(await outcome(verifier.verify(token))).toMatch(/^refused/);
    // Texts differing from a cached token only in padding, spaces or case are verified on their own:
    // answered as a fresh verifier answers (jose itself takes a trailing '=' or space on the signature).
    for (const token of [`${good} `, ` ${good}`, `${good}=`, good.replace(/^e/, 'E'), good.toLowerCase()]) {
      const fresh = await outcome(new TokenVerifier({ secret: SECRET }).verify(token));
      for (let i = 0; i < 2; i++) expect(await outcome(verifier.verify(token))).toBe(fresh);
    }
  });

  it('one request cannot change the principal the next one with the same token is given', async () => {
    const verifier = new TokenVerifier({ secret: SECRET });
    const token = await sign({ exp: now + 600, departmentId: 'd1' });
    const first = await verifier.verify(token);
    expect(() => (first.roles as string[]).push('admin')).toThrow(TypeError);
    expect(() => Object.assign(first, { departmentId: 'd2' })).toThrow(TypeError);
    expect(await verifier.verify(token)).toEqual({ sub: 'alice', roles: ['reviewer'], departmentId: 'd1' });
  });
});
