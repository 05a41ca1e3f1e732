import { createHash, timingSafeEqual } from 'node:crypto';
import { ForbiddenException } from '@nestjs/common';
import type { Open311ApiKey } from '@wenzheng/platform';

/**
 * The clients allowed to POST (a FixMyStreet installation, say), from OPEN311_API_KEYS (validated
 * in libs/platform config.ts). Only hashes are configured; a key is shown to no one by the server.
 * The name becomes the submitter (`open311:<name>`), so a client sees its own cases.
 */
export class Open311Keys {
  private readonly clients: ReadonlyArray<{ name: string; hash: Buffer }>;

  constructor(keys: readonly Open311ApiKey[]) {
    this.clients = keys.map(({ name, sha256 }) => ({ name, hash: Buffer.from(sha256, 'hex') }));
  }

  static hash(key: string): string {
    return createHash('sha256').update(key, 'utf8').digest('hex');
  }

  /** The client's name for a valid key, undefined for none; 403 for a key that is given but unknown. */
  clientOf(apiKey: unknown): string | undefined {
    if (apiKey === undefined || apiKey === '') return undefined;
    const hash = createHash('sha256').update(String(apiKey), 'utf8').digest();
    const client = this.clients.find((c) => timingSafeEqual(c.hash, hash));
    if (!client) throw new ForbiddenException('api_key: not a key this server knows');
    return client.name;
  }
}
