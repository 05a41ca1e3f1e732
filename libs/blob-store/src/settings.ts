import { FsBlobStore } from './fs/fs-blob-store';
import { S3BlobStore, S3BlobStoreOptions } from './s3/s3-blob-store';
import { BlobStore } from './types';

/** What the configuration (BLOB_STORE, BLOB_FS_ROOT, BLOB_S3_*) selects. */
export interface BlobStoreSettings {
  engine: 'fs' | 's3';
  fsRoot: string;
  s3?: Omit<S3BlobStoreOptions, 'maxBytes'>;
}

export function createBlobStore(settings: BlobStoreSettings, maxBytes: number): BlobStore {
  if (settings.engine === 's3') {
    if (!settings.s3) throw new Error('BLOB_STORE=s3 needs the BLOB_S3_* settings');
    return new S3BlobStore({ ...settings.s3, maxBytes });
  }
  return new FsBlobStore({ root: settings.fsRoot, maxBytes });
}
