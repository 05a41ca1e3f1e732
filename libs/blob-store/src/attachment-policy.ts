import { DetectedType, detectContentType } from './content-type';

/**
 * What a citizen or a department may attach (spec/handling.md): photos from phones (JPEG, PNG, WebP,
 * HEIC and its HEIF container) and PDF documents. GIF, video and anything else are refused (415).
 */
export const ALLOWED_ATTACHMENT_TYPES: readonly string[] = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'image/heif',
  'application/pdf',
];

/** 10 MiB: a phone photo is 2–8 MB, a scanned letter a few MB. Configurable: ATTACHMENT_MAX_BYTES. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** Per submission, comment or answer; nine as in the photo grids people know. Configurable: ATTACHMENT_MAX_COUNT. */
export const DEFAULT_ATTACHMENT_MAX_COUNT = 9;

export interface AttachmentLimits {
  maxBytes: number;
  maxCount: number;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = {
  maxBytes: DEFAULT_ATTACHMENT_MAX_BYTES,
  maxCount: DEFAULT_ATTACHMENT_MAX_COUNT,
};

/** An attachment refused by a rule; `rule` names it for the 413/415 body. No file name or content in the message. */
export class AttachmentRejected extends Error {
  constructor(
    readonly rule: 'type' | 'size' | 'count',
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnsupportedAttachmentType extends AttachmentRejected {
  constructor(readonly detected: string | undefined) {
    super('type', `attachment type ${detected ?? 'unknown'} is not accepted; allowed: ${ALLOWED_ATTACHMENT_TYPES.join(', ')}`);
  }
}

export class AttachmentTooLarge extends AttachmentRejected {
  constructor(readonly limit: number) {
    super('size', `an attachment must be at most ${limit} bytes`);
  }
}

export class TooManyAttachments extends AttachmentRejected {
  constructor(readonly limit: number) {
    super('count', `at most ${limit} attachments`);
  }
}

/** The checks of one upload, in the order a client can fix them: count, then size, then type from the bytes. */
export function checkAttachments(files: readonly Uint8Array[], limits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS): DetectedType[] {
  if (files.length > limits.maxCount) throw new TooManyAttachments(limits.maxCount);
  return files.map((bytes) => checkAttachment(bytes, limits));
}

export function checkAttachment(bytes: Uint8Array, limits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS): DetectedType {
  if (bytes.length > limits.maxBytes) throw new AttachmentTooLarge(limits.maxBytes);
  const type = detectContentType(bytes);
  if (!type || !ALLOWED_ATTACHMENT_TYPES.includes(type.mime)) throw new UnsupportedAttachmentType(type?.mime);
  return type;
}
