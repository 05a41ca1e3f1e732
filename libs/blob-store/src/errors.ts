/* Named errors of the blob-store contract; every engine throws these, so callers map them once (404, 409, 413, 400). */
export class BlobStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The key breaks the key rules (see keys.ts); `rule` says which. */
export class InvalidBlobKey extends BlobStoreError {
  constructor(
    readonly key: string,
    readonly rule: string,
  ) {
    super(`invalid blob key ${JSON.stringify(key.slice(0, 80))}: ${rule}`);
  }
}

export class InvalidContentType extends BlobStoreError {
  constructor(readonly contentType: string) {
    super(`invalid content type ${JSON.stringify(contentType.slice(0, 80))}: must be type/subtype`);
  }
}

export class BlobNotFound extends BlobStoreError {
  constructor(readonly key: string) {
    super(`blob ${key} not found`);
  }
}

/** The bytes (declared or counted while reading) exceed the store's limit; nothing was stored. */
export class BlobTooLarge extends BlobStoreError {
  constructor(
    readonly key: string,
    readonly limit: number,
  ) {
    super(`blob ${key} is larger than ${limit} bytes`);
  }
}

/** The declared size and the bytes that arrived differ (a truncated or padded upload); nothing was stored. */
export class BlobSizeMismatch extends BlobStoreError {
  constructor(
    readonly key: string,
    readonly declared: number,
    readonly actual: number,
  ) {
    super(`blob ${key}: declared ${declared} bytes, ${actual > declared ? 'more' : actual} arrived`);
  }
}

/** Keys are write-once: the key holds other bytes or another content type. Same bytes and type again is a no-op. */
export class BlobConflict extends BlobStoreError {
  constructor(readonly key: string) {
    super(`blob ${key} already exists with other content`);
  }
}

/** The remote store failed or could not be reached (a 503 for callers, not a 500). */
export class BlobStoreUnavailable extends BlobStoreError {}
