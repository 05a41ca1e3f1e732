import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { BlobNotFound, BlobStoreUnavailable } from '../errors';
import { assertValidKey, assertValidPrefix, isValidKey } from '../keys';
import { Meter, assertValidContentType, checkDeclaredSize, sameOrConflict, toReadable } from '../source';
import { BlobMetadata, BlobObject, BlobSource, BlobStore, PutOptions, PutResult } from '../types';

export interface S3BlobStoreOptions {
  /** Unset = AWS; set for MinIO, a cloud vendor's S3-compatible service, or a test server. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Keys inside the bucket start with this (whole segments ending in "/"), so one bucket can be shared. */
  keyPrefix?: string;
  /** Path-style URLs (`endpoint/bucket/key`); default true with a custom endpoint, as most compatible servers need. */
  forcePathStyle?: boolean;
  maxBytes: number;
  /** Calls that take longer fail with BlobStoreUnavailable (default 30 s). */
  timeoutMs?: number;
}

const SHA256 = 'sha256';

type Sdk = typeof import('@aws-sdk/client-s3');
/** Loaded on first use: the SDK takes ~150 ms to load, which the embedded default and the CLIs need not pay. */
let sdk: Promise<Sdk> | undefined;
const loadSdk = () => (sdk ??= import('@aws-sdk/client-s3'));

/**
 * Blobs in an S3-compatible bucket. A put is buffered (the store's limit bounds it, attachments are
 * megabytes) so the SHA-256 can travel as object metadata and Content-MD5 lets the server reject a
 * damaged upload. Write-once is checked with a HEAD and enforced with `If-None-Match: *` where the
 * server supports conditional writes (AWS, MinIO); servers that ignore it fall back to check-then-put.
 * Checksums are sent only when an operation requires them: the SDK's default CRC headers and
 * aws-chunked bodies are not understood by older compatible servers.
 */
export class S3BlobStore implements BlobStore {
  private client?: Promise<{ sdk: Sdk; client: S3Client }>;
  private readonly prefix: string;

  constructor(private readonly options: S3BlobStoreOptions) {
    this.prefix = options.keyPrefix ?? '';
    assertValidPrefix(this.prefix, { allowEmpty: true });
  }

  private s3(): Promise<{ sdk: Sdk; client: S3Client }> {
    const o = this.options;
    this.client ??= loadSdk().then((sdk) => {
      const client = new sdk.S3Client({
        endpoint: o.endpoint,
        region: o.region,
        forcePathStyle: o.forcePathStyle ?? o.endpoint !== undefined,
        credentials: o.accessKeyId && o.secretAccessKey ? { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey } : undefined,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        requestHandler: { requestTimeout: o.timeoutMs ?? 30_000, connectionTimeout: 5_000 },
        maxAttempts: 3,
      });
      return { sdk, client };
    });
    return this.client;
  }

  async put(key: string, source: BlobSource, options: PutOptions): Promise<PutResult> {
    assertValidKey(key);
    assertValidContentType(options.contentType);
    checkDeclaredSize(key, options, this.options.maxBytes);
    const meter = new Meter(key, options.size, this.options.maxBytes);
    const chunks: Buffer[] = [];
    await pipeline(toReadable(source), meter, async (metered: AsyncIterable<Buffer>) => {
      for await (const chunk of metered) chunks.push(chunk);
    });
    const body = Buffer.concat(chunks);
    const metadata: BlobMetadata = { key, contentType: options.contentType, size: body.length, sha256: meter.sha256 };

    const existing = await this.head(key).catch((e: unknown) => {
      if (e instanceof BlobNotFound) return undefined;
      throw e;
    });
    if (existing) return sameOrConflict(existing, metadata);
    const { sdk, client } = await this.s3();
    try {
      await client.send(
        new sdk.PutObjectCommand({
          Bucket: this.options.bucket,
          Key: this.prefix + key,
          Body: body,
          ContentType: options.contentType,
          ContentLength: body.length,
          ContentMD5: createHash('md5').update(body).digest('base64'),
          Metadata: { [SHA256]: metadata.sha256 },
          IfNoneMatch: '*',
        }),
      );
    } catch (e) {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      // 412: another writer created the key first; 409: a conditional write raced with another.
      if (status === 412 || status === 409) return sameOrConflict(await this.head(key), metadata);
      throw this.failure('put', key, e);
    }
    return { metadata, created: true };
  }

  async get(key: string): Promise<BlobObject> {
    assertValidKey(key);
    const { sdk, client } = await this.s3();
    try {
      const r = await client.send(new sdk.GetObjectCommand({ Bucket: this.options.bucket, Key: this.prefix + key }));
      return {
        metadata: {
          key,
          contentType: r.ContentType ?? 'application/octet-stream',
          size: r.ContentLength ?? 0,
          sha256: r.Metadata?.[SHA256] ?? '',
        },
        body: r.Body as Readable,
      };
    } catch (e) {
      throw this.failure('get', key, e);
    }
  }

  async head(key: string): Promise<BlobMetadata> {
    assertValidKey(key);
    const { sdk, client } = await this.s3();
    try {
      const r = await client.send(new sdk.HeadObjectCommand({ Bucket: this.options.bucket, Key: this.prefix + key }));
      return {
        key,
        contentType: r.ContentType ?? 'application/octet-stream',
        size: r.ContentLength ?? 0,
        sha256: r.Metadata?.[SHA256] ?? '',
      };
    } catch (e) {
      throw this.failure('head', key, e);
    }
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    const { sdk, client } = await this.s3();
    try {
      await client.send(new sdk.DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.prefix + key }));
    } catch (e) {
      const failure = this.failure('delete', key, e);
      if (!(failure instanceof BlobNotFound)) throw failure;
    }
  }

  async list(prefix: string): Promise<string[]> {
    assertValidPrefix(prefix, { allowEmpty: true });
    const keys: string[] = [];
    const { sdk, client } = await this.s3();
    try {
      const pages = sdk.paginateListObjectsV2({ client }, { Bucket: this.options.bucket, Prefix: this.prefix + prefix });
      for await (const page of pages) {
        for (const o of page.Contents ?? []) {
          const key = o.Key?.slice(this.prefix.length);
          // Objects another tool put under the same prefix are not this store's.
          if (key !== undefined && isValidKey(key)) keys.push(key);
        }
      }
    } catch (e) {
      throw this.failure('list', prefix, e);
    }
    return keys.sort();
  }

  async deleteAll(prefix: string): Promise<number> {
    assertValidPrefix(prefix, { allowEmpty: false });
    const keys = await this.list(prefix);
    // One DeleteObject per key rather than DeleteObjects: the batch call needs a checksum header whose
    // algorithm (MD5 or CRC32) depends on the SDK version and the server; a case has few attachments.
    for (let i = 0; i < keys.length; i += 8) await Promise.all(keys.slice(i, i + 8).map((k) => this.delete(k)));
    return keys.length;
  }

  async close(): Promise<void> {
    if (this.client) (await this.client).client.destroy();
  }

  private failure(operation: string, key: string, e: unknown): Error {
    const name = (e as Error)?.name ?? 'Error';
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (name === 'NoSuchKey' || name === 'NotFound' || (status === 404 && name !== 'NoSuchBucket')) return new BlobNotFound(key);
    return new BlobStoreUnavailable(
      `S3 ${operation} of ${key || '(all)'} in bucket ${this.options.bucket} failed: ${name}${status ? ` (HTTP ${status})` : ''}`,
      { cause: e },
    );
  }
}
