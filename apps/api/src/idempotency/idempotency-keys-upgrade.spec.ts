import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import type { AppConfig } from '@wenzheng/platform';
import type { Pool } from 'pg';
import { IdempotencyKeys } from './idempotency-keys';

/**
 * A key claimed before the secret became a KeyObject is stored by its MAC only: the new code must
 * compute the same MAC (and the same seal key) from the same secret text, or a retry after the
 * upgrade runs the command twice. The formulas below are the previous release's (6768b2c).
 */
const oldMac = (secret: string, kind: string, ...parts: string[]) =>
  createHmac('sha256', secret)
    .update(`idempotency-${kind}\0${parts.join('\0')}`)
    .digest('hex');
const oldSealKey = (secret: string, scope: string, key: string) =>
  createHmac('sha256', secret).update(`idempotency-response\0${scope}\0${key}`).digest();

interface Internals {
  mac(kind: string, ...parts: string[]): string;
  open(key: Buffer, stored: Buffer): unknown;
}

describe('idempotency keys stored before the upgrade', () => {
  // No database is reached: only the MACs and the sealing are exercised.
  const keysWith = (config: Partial<AppConfig>) =>
    new IdempotencyKeys(undefined as unknown as Pool, config as AppConfig) as unknown as Internals;

  it.each([
    ['an ASCII access-key secret', { accessKeySecret: 'access-secret-0123456789', jwtSecret: 'other' }, 'access-secret-0123456789'],
    ['the JWT secret when there is no access-key secret', { jwtSecret: 'jwt secret 问政 🔑' }, 'jwt secret 问政 🔑'],
    ['an empty secret (RS256 only)', {}, ''],
  ])('gives the same key MAC and fingerprint MAC for %s', (_name, config, secret) => {
    const keys = keysWith(config);
    const scope = 'POST /petitions\0user-1';
    const key = '6f1c…key with spaces, 中文 and \u2028';
    expect(keys.mac('key', scope, key)).toBe(oldMac(secret, 'key', scope, key));
    expect(keys.mac('fingerprint', '{"a":1}')).toBe(oldMac(secret, 'fingerprint', '{"a":1}'));
  });

  it('opens an answer sealed by the previous release (random 12-byte nonce each)', () => {
    const secret = 'access-secret-0123456789';
    const keys = keysWith({ accessKeySecret: secret });
    const sealKey = oldSealKey(secret, 'scope', 'key-1');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', sealKey, iv);
    const sealed = Buffer.concat([cipher.update(JSON.stringify({ id: 'x', n: 1 }), 'utf8'), cipher.final()]);
    expect(keys.open(sealKey, Buffer.concat([iv, cipher.getAuthTag(), sealed]))).toEqual({ id: 'x', n: 1 });
  });
});
