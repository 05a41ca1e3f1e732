import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('defaults need no variables at all', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.eventStoreConnectionString).toBeUndefined();
    expect(c.embeddedPgDataDir).toBe('.data/postgres');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['EVENTSTORE_CONNECTION_STRING', 'http://localhost:2113'],
    ['AUTH_JWT_SECRET', 'short'],
    ['LOG_LEVEL', 'loud'],
    ['PROJECTOR_ENABLED', 'maybe'],
    ['BODY_LIMIT', 'huge'],
  ])('a bad %s (%s) is refused with a message naming the variable', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(name);
    expect(Object.keys((error as ConfigError).problems)).toEqual([name]);
  });

  it('reads valid values', () => {
    const c = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u:p@db:5432/w', EVENTSTORE_CONNECTION_STRING: 'esdb://es:2113?tls=false', CORS_ORIGINS: 'https://a.example, https://b.example' });
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBe('postgres://u:p@db:5432/w');
    expect(c.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });
});
