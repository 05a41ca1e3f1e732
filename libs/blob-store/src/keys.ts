import { InvalidBlobKey } from './errors';

/** S3 allows 1024 bytes; the file system allows 255 per name and the engine appends a suffix. */
export const MAX_KEY_LENGTH = 512;
export const MAX_SEGMENT_LENGTH = 160;
/**
 * A segment starts with a letter or digit (no `.`/`..`, no hidden files, no leading `-`) and holds only
 * ASCII letters, digits, `.`, `_` and `-`: the same key is then a safe path on every file system and an
 * S3 key that needs no escaping.
 */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function segmentProblem(segment: string): string | undefined {
  if (segment === '') return 'has an empty segment (leading, trailing or double "/")';
  if (segment.length > MAX_SEGMENT_LENGTH) return `has a segment longer than ${MAX_SEGMENT_LENGTH} characters`;
  if (!SEGMENT.test(segment)) return 'each segment must start with a letter or digit and hold only A-Z a-z 0-9 . _ -';
  return undefined;
}

/** Segments separated by "/", e.g. `petition/7f3c…/a1b2….jpg`. */
export function assertValidKey(key: string): void {
  if (typeof key !== 'string' || key === '') throw new InvalidBlobKey(String(key ?? ''), 'must not be empty');
  if (key.length > MAX_KEY_LENGTH) throw new InvalidBlobKey(key, `must be at most ${MAX_KEY_LENGTH} characters`);
  for (const segment of key.split('/')) {
    const problem = segmentProblem(segment);
    if (problem) throw new InvalidBlobKey(key, problem);
  }
}

/**
 * A prefix for list/deleteAll is whole segments ending in "/" (`petition/<id>/`), so `petition/1/`
 * never matches `petition/12/…`; the empty prefix (everything) is allowed for list only.
 */
export function assertValidPrefix(prefix: string, { allowEmpty }: { allowEmpty: boolean }): void {
  if (prefix === '' && allowEmpty) return;
  if (typeof prefix !== 'string' || !prefix.endsWith('/'))
    throw new InvalidBlobKey(String(prefix ?? ''), 'a prefix must be whole segments ending in "/"');
  assertValidKey(prefix.slice(0, -1));
}

export function isValidKey(key: string): boolean {
  try {
    assertValidKey(key);
    return true;
  } catch {
    return false;
  }
}
