import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('defaults need no variables at all', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.eventStoreConnectionString).toBeUndefined();
    expect(c.embeddedPgDataDir).toBe('.data/postgres');
    expect(c.embeddedPgSharedBuffers).toBe('auto');
    expect(c.databasePreparedStatements).toBe(true);
    expect(loadConfig({ DATABASE_PREPARED_STATEMENTS: 'false' }).databasePreparedStatements).toBe(false);
  });

  it.each([
    ['2GB', '2GB'],
    ['512mb', '512MB'],
    [' 16384 kB ', '16384kB'],
    ['AUTO', 'auto'],
  ])('EMBEDDED_PG_SHARED_BUFFERS %j is read as %j', (value, expected) => {
    expect(loadConfig({ EMBEDDED_PG_SHARED_BUFFERS: value }).embeddedPgSharedBuffers).toBe(expected);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['EVENTSTORE_CONNECTION_STRING', 'http://localhost:2113'],
    ['AUTH_JWT_SECRET', 'short'],
    ['LOG_LEVEL', 'loud'],
    ['PROJECTOR_ENABLED', 'maybe'],
    ['DATABASE_PREPARED_STATEMENTS', 'sometimes'],
    ['BODY_LIMIT', 'huge'],
    ['BLOB_STORE', 'gcs'],
    ['BLOB_S3_ENDPOINT', 'not a url'],
    ['BLOB_S3_PREFIX', '../'],
    ['ATTACHMENT_MAX_BYTES', '10gb'],
    ['ATTACHMENT_MAX_COUNT', '0'],
    ['EMBEDDED_PG_SHARED_BUFFERS', 'lots'],
    ['EMBEDDED_PG_SHARED_BUFFERS', '2'],
    ['EMBEDDED_PG_SHARED_BUFFERS', '2TB'],
    ['EMBEDDED_PG_SHARED_BUFFERS', '512kB'],
    ['EMBEDDED_PG_SHARED_BUFFERS', '2000GB'],
    ['EMBEDDED_PG_SHARED_BUFFERS', '1GB; fsync=off'],
    ['EMBEDDED_PG_SHARED_BUFFERS', '-1GB'],
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
    const c = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/w',
      EVENTSTORE_CONNECTION_STRING: 'esdb://es:2113?tls=false',
      CORS_ORIGINS: 'https://a.example, https://b.example',
    });
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBe('postgres://u:p@db:5432/w');
    expect(c.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('OIDC sign-in for the console: issuer, client id and scope; the issuer needs a client id and the JWKS', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
    const oidc = { AUTH_OIDC_ISSUER: 'https://sso.example.gov.cn', AUTH_OIDC_CLIENT_ID: 'wenzheng-console' };
    expect(loadConfig({ ...oidc, AUTH_JWKS_URL: 'https://sso.example.gov.cn/jwks' }).oidc).toEqual({
      issuer: 'https://sso.example.gov.cn',
      clientId: 'wenzheng-console',
      scope: 'openid profile',
    });
    expect(() => loadConfig(oidc)).toThrow(/AUTH_JWKS_URL: is required when AUTH_OIDC_ISSUER is set/);
    expect(() => loadConfig({ AUTH_OIDC_ISSUER: 'https://sso.example.gov.cn', AUTH_JWKS_URL: 'https://sso.example.gov.cn/jwks' })).toThrow(
      /AUTH_OIDC_CLIENT_ID: is required/,
    );
  });

  describe('attachments', () => {
    it('default: files in blobs beside the embedded PostgreSQL data, 10 MiB, 9 per item', () => {
      const c = loadConfig({});
      expect(c.blobStore).toEqual({ engine: 'fs', fsRoot: '.data/blobs', s3: undefined });
      expect(c.attachmentMaxBytes).toBe(10 * 1024 * 1024);
      expect(c.attachmentMaxCount).toBe(9);
      expect(loadConfig({ EMBEDDED_PG_DATA_DIR: '/var/lib/wenzheng/postgres' }).blobStore.fsRoot).toBe('/var/lib/wenzheng/blobs');
      expect(loadConfig({ BLOB_FS_ROOT: '/srv/blobs' }).blobStore.fsRoot).toBe('/srv/blobs');
    });

    it('reads the S3 settings and sizes with units', () => {
      const c = loadConfig({
        BLOB_STORE: 's3',
        BLOB_S3_ENDPOINT: 'http://minio:9000',
        BLOB_S3_BUCKET: 'wenzheng',
        BLOB_S3_ACCESS_KEY_ID: 'key',
        BLOB_S3_SECRET_ACCESS_KEY: 'secret-value',
        BLOB_S3_PREFIX: 'prod/',
        ATTACHMENT_MAX_BYTES: '5mb',
        ATTACHMENT_MAX_COUNT: '4',
      });
      expect(c.blobStore.engine).toBe('s3');
      expect(c.blobStore.s3).toEqual({
        endpoint: 'http://minio:9000',
        bucket: 'wenzheng',
        region: 'us-east-1',
        accessKeyId: 'key',
        secretAccessKey: 'secret-value',
        keyPrefix: 'prod/',
      });
      expect([c.attachmentMaxBytes, c.attachmentMaxCount]).toEqual([5 * 1024 * 1024, 4]);
      expect(loadConfig({ ATTACHMENT_MAX_BYTES: '500kb' }).attachmentMaxBytes).toBe(512_000);
    });

    it('BLOB_STORE=s3 needs a bucket; a key needs its secret, and the error does not echo it', () => {
      expect(() => loadConfig({ BLOB_STORE: 's3' })).toThrow(/BLOB_S3_BUCKET: is required when BLOB_STORE=s3/);
      let error: unknown;
      try {
        loadConfig({ BLOB_S3_ACCESS_KEY_ID: 'AKIA-VISIBLE-KEY' });
      } catch (e) {
        error = e;
      }
      expect(Object.keys((error as ConfigError).problems)).toEqual(['BLOB_S3_SECRET_ACCESS_KEY']);
      expect((error as ConfigError).message).not.toContain('AKIA-VISIBLE-KEY');
    });
  });

  describe('OPEN311_API_KEYS', () => {
    const hash = 'AB'.repeat(32);

    it('none by default; name:sha256hex pairs, comma-separated, the hex lower-cased', () => {
      expect(loadConfig({}).open311ApiKeys).toEqual([]);
      expect(loadConfig({ OPEN311_API_KEYS: ` fixmystreet:${hash}, app-2:${'0'.repeat(64)} ` }).open311ApiKeys).toEqual([
        { name: 'fixmystreet', sha256: 'ab'.repeat(32) },
        { name: 'app-2', sha256: '0'.repeat(64) },
      ]);
    });

    it.each([
      ['fixmystreet', 'entry 1 must be name:sha256hex'],
      [`fixmystreet:${hash.slice(1)}`, 'entry 1 must be name:sha256hex'],
      [`a:${hash},:${hash}`, 'entry 2 must be name:sha256hex'],
      [`a b:${hash}`, 'entry 1 must be name:sha256hex'],
      [`a:${hash},a:${'0'.repeat(64)}`, 'entry 2: the name a is given twice'],
    ])('refuses %s naming the variable and the rule', (value, rule) => {
      expect(() => loadConfig({ OPEN311_API_KEYS: value })).toThrow(`OPEN311_API_KEYS: ${rule}`);
    });
  });

  describe('PUBLIC_SITE_URL', () => {
    it('unset by default; read as the origin: https, or http on this machine', () => {
      expect(loadConfig({}).publicSiteUrl).toBeUndefined();
      expect(loadConfig({ PUBLIC_SITE_URL: 'https://wz.example.gov.cn' }).publicSiteUrl).toBe('https://wz.example.gov.cn');
      expect(loadConfig({ PUBLIC_SITE_URL: ' HTTPS://WZ.Example.gov.cn/ ' }).publicSiteUrl).toBe('https://wz.example.gov.cn');
      expect(loadConfig({ PUBLIC_SITE_URL: 'https://wz.example.gov.cn:8443' }).publicSiteUrl).toBe('https://wz.example.gov.cn:8443');
      expect(loadConfig({ PUBLIC_SITE_URL: 'http://localhost:3000' }).publicSiteUrl).toBe('http://localhost:3000');
      expect(loadConfig({ PUBLIC_SITE_URL: 'http://127.0.0.1:3000' }).publicSiteUrl).toBe('http://127.0.0.1:3000');
    });

    it.each([
      ['wz.example.gov.cn', "must be the public site's address"],
      ['https://', "must be the public site's address"],
      ['http://wz.example.gov.cn', 'must be an https:// address (http:// only for localhost)'],
      ['ftp://wz.example.gov.cn', 'must be an https:// address'],
      ['javascript:alert(1)', 'must be an https:// address'],
      ['https://wz.example.gov.cn/my', 'must be the address alone'],
      ['https://wz.example.gov.cn/?code=WZ20261012-7K3M9Q2XAB', 'must be the address alone'],
      ['https://wz.example.gov.cn/?', 'must be the address alone'],
      ['https://wz.example.gov.cn#my', 'must be the address alone'],
      ['https://user:secret@wz.example.gov.cn', 'must be the address alone'],
      [`https://${'w'.repeat(26)}.gov.cn`, 'must be at most 40 characters'],
    ])('refuses %s naming the variable and the rule', (value, rule) => {
      expect(() => loadConfig({ PUBLIC_SITE_URL: value })).toThrow(`PUBLIC_SITE_URL: ${rule}`);
    });
  });
});
