import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const DEV_SECRET_FILE = path.join('.data', 'dev-jwt-secret');

/**
 * With no AUTH_JWT_SECRET, a development secret is generated once and kept in .data/ (git-ignored),
 * so tokens minted with `npm run token` stay valid across restarts. Never for production.
 */
export function developmentSecret(root = process.cwd()): { secret: string; file: string; created: boolean } {
  const file = path.join(root, DEV_SECRET_FILE);
  if (existsSync(file)) return { secret: readFileSync(file, 'utf8').trim(), file, created: false };
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return { secret, file, created: true };
}
