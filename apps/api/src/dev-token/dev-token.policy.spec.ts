import { devTokensAllowed } from './dev-token.policy';

describe('development tokens', () => {
  it('are allowed only when neither AUTH_JWT_SECRET nor AUTH_JWKS_URL is set', () => {
    expect(devTokensAllowed({})).toBe(true);
    expect(devTokensAllowed({ jwtSecret: 'a-configured-secret-of-32-characters!!' })).toBe(false);
    expect(devTokensAllowed({ jwksUrl: 'https://sso.example.gov.cn/jwks' })).toBe(false);
    expect(devTokensAllowed({ jwtSecret: 'a-configured-secret-of-32-characters!!', jwksUrl: 'https://sso.example.gov.cn/jwks' })).toBe(
      false,
    );
  });
});
