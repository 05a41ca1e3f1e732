import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleDestroy, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import {
  AttachmentRejected,
  BlobNotFound,
  BlobObject,
  BlobStore,
  InvalidImage,
  STRIPPABLE_TYPES,
  checkAttachment,
  createBlobStore,
  stripMetadata,
} from '@wenzheng/blob-store';
import type { AttachmentRef } from '@wenzheng/petition';
import type { AppConfig } from '@wenzheng/platform';
import { APP_CONFIG } from '@wenzheng/platform';

/** A file as the multipart parser hands it over: the bytes only (its name and declared type are not trusted or kept). */
export interface UploadedBytes {
  readonly buffer: Buffer;
}

/** The form field that carries the files. */
export const FILES_FIELD = 'files';

/** Original: only the submitter and who may read the case in clear. Public: the copy without metadata, for public cases. */
export type AttachmentCopy = 'original' | 'public';

interface Accepted {
  readonly ref: AttachmentRef;
  readonly bytes: Buffer;
  readonly publicCopy?: Uint8Array;
}

/** A photo gets a public copy without EXIF/XMP/IPTC; HEIC and PDF cannot be cleaned here and stay private. */
export const hasPublicCopy = (contentType: string): boolean => STRIPPABLE_TYPES.includes(contentType);

const keyOf = (petitionId: string, attachmentId: string, copy: AttachmentCopy) => `petition/${petitionId}/${attachmentId}/${copy}`;

/**
 * The attachment id of the n-th file of a command: derived from the commandId an Idempotency-Key
 * claimed, so a retry writes the same keys (write-once: the same bytes again store nothing); random
 * without a key.
 */
function attachmentId(commandId: string | undefined, index: number): string {
  if (commandId === undefined) return randomUUID();
  const h = createHash('sha256').update(`attachment\0${commandId}\0${index}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function refusal(index: number, e: AttachmentRejected | InvalidImage): Error {
  const field = e instanceof AttachmentRejected && e.rule === 'count' ? FILES_FIELD : `${FILES_FIELD}[${index}]`;
  const rule = e instanceof AttachmentRejected ? e.rule : 'wellFormed';
  const body = (statusCode: number, error: string) => ({
    statusCode,
    error,
    message: `${field}: ${e.message}`,
    details: [{ field, rule, message: `${field}: ${e.message}` }],
  });
  return rule === 'size' || rule === 'count'
    ? new PayloadTooLargeException(body(413, 'Payload Too Large'))
    : new UnsupportedMediaTypeException(body(415, 'Unsupported Media Type'));
}

/**
 * Attachments of submissions, comments and answers in the blob store (BLOB_STORE): the original
 * under `petition/<case>/<attachment>/original`, the public copy beside it, so erasing a case's
 * attachments is one prefix.
 */
@Injectable()
export class AttachmentStore implements OnModuleDestroy {
  readonly store: BlobStore;
  readonly maxBytes: number;
  readonly maxCount: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.maxBytes = config.attachmentMaxBytes;
    this.maxCount = config.attachmentMaxCount;
    this.store = createBlobStore(config.blobStore, this.maxBytes);
  }

  async onModuleDestroy(): Promise<void> {
    await this.store.close();
  }

  /**
   * Checks the files (count, size, type from the bytes, a photo that can be cleaned), stores them,
   * and runs the command with their references. A refused command leaves nothing it stored behind.
   */
  async withAttachments<T>(
    petitionId: string,
    files: readonly UploadedBytes[] | undefined,
    commandId: string | undefined,
    run: (attachments: AttachmentRef[] | undefined) => Promise<T>,
  ): Promise<T> {
    if (!files?.length) return run(undefined);
    const accepted = this.accept(files, commandId);
    const created: string[] = [];
    try {
      for (const a of accepted) {
        const original = keyOf(petitionId, a.ref.id, 'original');
        if ((await this.store.put(original, a.bytes, { contentType: a.ref.contentType, size: a.ref.size })).created) created.push(original);
        if (a.publicCopy) {
          const copy = keyOf(petitionId, a.ref.id, 'public');
          if ((await this.store.put(copy, a.publicCopy, { contentType: a.ref.contentType })).created) created.push(copy);
        }
      }
      return await run(accepted.map((a) => a.ref));
    } catch (e) {
      // Only what this attempt wrote: a retry's no-op puts (created false) belong to the first attempt.
      await Promise.allSettled(created.map((key) => this.store.delete(key)));
      throw e;
    }
  }

  private accept(files: readonly UploadedBytes[], commandId: string | undefined): Accepted[] {
    if (files.length > this.maxCount) throw refusal(0, new AttachmentRejected('count', `at most ${this.maxCount} attachments`));
    return files.map(({ buffer }, i) => {
      try {
        const type = checkAttachment(buffer, { maxBytes: this.maxBytes, maxCount: this.maxCount });
        const sha256 = createHash('sha256').update(buffer).digest('hex');
        const ref: AttachmentRef = { id: attachmentId(commandId, i), contentType: type.mime, size: buffer.length, sha256 };
        return { ref, bytes: buffer, ...(hasPublicCopy(type.mime) && { publicCopy: stripMetadata(buffer, type.mime) }) };
      } catch (e) {
        if (e instanceof AttachmentRejected || e instanceof InvalidImage) throw refusal(i, e);
        throw e;
      }
    });
  }

  /** The stored copy, or undefined when it is not there (never stored, or erased). */
  async open(petitionId: string, attachmentId: string, copy: AttachmentCopy): Promise<BlobObject | undefined> {
    try {
      return await this.store.get(keyOf(petitionId, attachmentId, copy));
    } catch (e) {
      if (e instanceof BlobNotFound) return undefined;
      throw e;
    }
  }

  /** Erasure: every attachment of the case, originals and public copies. */
  eraseCase(petitionId: string): Promise<number> {
    return this.store.deleteAll(`petition/${petitionId}/`);
  }
}
