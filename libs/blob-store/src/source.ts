import { createHash } from 'node:crypto';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { BlobConflict, BlobSizeMismatch, BlobTooLarge, InvalidContentType } from './errors';
import { BlobMetadata, BlobSource, PutOptions, PutResult } from './types';

/** RFC 7231 `type/subtype` with optional parameters; stored as given, served back as the Content-Type. */
const CONTENT_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(\s*;\s*[a-z0-9!#$&^_.+-]+=("[^"\\\r\n]*"|[a-z0-9!#$&^_.+-]+))*$/i;

export function assertValidContentType(contentType: string): void {
  if (typeof contentType !== 'string' || contentType.length > 200 || !CONTENT_TYPE.test(contentType)) {
    throw new InvalidContentType(String(contentType ?? ''));
  }
}

/** Checks the declared size against the store's limit before a byte is read. */
export function checkDeclaredSize(key: string, options: PutOptions, maxBytes: number): void {
  if (options.size === undefined) return;
  if (!Number.isSafeInteger(options.size) || options.size < 0) throw new BlobSizeMismatch(key, options.size, 0);
  if (options.size > maxBytes) throw new BlobTooLarge(key, maxBytes);
}

export function toReadable(source: BlobSource): Readable {
  if (source instanceof Readable) return source;
  if (source instanceof Uint8Array) return Readable.from([source], { objectMode: false });
  return Readable.from(source, { objectMode: false });
}

/**
 * Counts and hashes the bytes passing through, and fails as soon as they exceed the declared size or
 * the limit: a 2 GB upload declared as 2 kB is stopped after 2 kB + 1 byte, not buffered.
 */
export class Meter extends Transform {
  size = 0;
  private readonly hash = createHash('sha256');
  private digest?: string;

  constructor(
    private readonly key: string,
    private readonly declared: number | undefined,
    private readonly maxBytes: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.declared !== undefined && this.size > this.declared) return done(new BlobSizeMismatch(this.key, this.declared, this.size));
    if (this.size > this.maxBytes) return done(new BlobTooLarge(this.key, this.maxBytes));
    this.hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.declared !== undefined && this.size !== this.declared) return done(new BlobSizeMismatch(this.key, this.declared, this.size));
    this.digest = this.hash.digest('hex');
    done();
  }

  get sha256(): string {
    if (this.digest === undefined) throw new Error('Meter: sha256 read before the stream ended');
    return this.digest;
  }
}

/** The write-once rule: the same bytes and type again is a no-op (a retried upload), anything else a conflict. */
export function sameOrConflict(existing: BlobMetadata, wanted: BlobMetadata): PutResult {
  if (existing.sha256 !== wanted.sha256 || existing.contentType !== wanted.contentType || existing.size !== wanted.size) {
    throw new BlobConflict(wanted.key);
  }
  return { metadata: existing, created: false };
}
