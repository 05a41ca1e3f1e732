import type { Readable } from 'node:stream';

export interface BlobMetadata {
  key: string;
  contentType: string;
  /** Bytes. */
  size: number;
  /** Lower-case hex SHA-256 of the bytes, computed by the store while writing (events carry the same). */
  sha256: string;
}

export interface PutOptions {
  contentType: string;
  /** When given, exactly this many bytes must arrive (BlobSizeMismatch otherwise). */
  size?: number;
}

export interface PutResult {
  metadata: BlobMetadata;
  /** false: the key already held these bytes with this type, and nothing was written (a retried upload). */
  created: boolean;
}

export interface BlobObject {
  metadata: BlobMetadata;
  /** The caller must read or destroy it. */
  body: Readable;
}

export type BlobSource = Uint8Array | Readable | AsyncIterable<Uint8Array>;

/**
 * The storage contract every engine passes (testing/contract.ts). Keys are write-once: a put of the
 * same bytes and type under an existing key is a no-op, anything else is BlobConflict, so what an event
 * recorded (id, type, size, SHA-256) stays true for as long as the blob exists. Writes are atomic: a
 * reader sees the whole blob or BlobNotFound, never a part.
 */
export interface BlobStore {
  /** Throws InvalidBlobKey, InvalidContentType, BlobTooLarge, BlobSizeMismatch, BlobConflict; stores nothing then. */
  put(key: string, source: BlobSource, options: PutOptions): Promise<PutResult>;
  /** Throws BlobNotFound. */
  get(key: string): Promise<BlobObject>;
  /** Throws BlobNotFound. */
  head(key: string): Promise<BlobMetadata>;
  /** Idempotent: deleting an absent key succeeds. */
  delete(key: string): Promise<void>;
  /** Keys under a prefix of whole segments (`petition/<id>/`, or '' for all), sorted. */
  list(prefix: string): Promise<string[]>;
  /** Deletes every key under a non-empty prefix (erasure of a case's attachments); returns how many. */
  deleteAll(prefix: string): Promise<number>;
  close(): Promise<void>;
}
