export * from './types';
export * from './errors';
export { assertValidKey, assertValidPrefix, isValidKey, MAX_KEY_LENGTH, MAX_SEGMENT_LENGTH } from './keys';
export { FsBlobStore, FsBlobStoreOptions } from './fs/fs-blob-store';
export { S3BlobStore, S3BlobStoreOptions } from './s3/s3-blob-store';
export { DetectedType, detectContentType } from './content-type';
export * from './attachment-policy';
export * from './strip-metadata';
export { contentDisposition } from './content-disposition';
