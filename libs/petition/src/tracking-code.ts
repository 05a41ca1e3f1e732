/**
 * The tracking code (查询码) a citizen gets for a case: WZ, the local date of submission (yyyymmdd), a
 * hyphen and ten characters of Crockford's base 32 (no I, L, O or U). It is the one thing a citizen
 * without an account keeps, and they type it back by hand into the public site, 我的留言, a call to the
 * hotline (the office types it) or an Open311 client: every route reads it with `parseTrackingCode`.
 */
export const TRACKING_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TRACKING_CODE_LENGTH = 10;
export const TRACKING_CODE_EXAMPLE = 'WZ20261012-7K3M9Q2XAB';

/** A new code for a case submitted on `localDate` (yyyy-mm-dd); `pick(32)` is a random integer below 32. */
export function newTrackingCode(localDate: string, pick: (n: number) => number): string {
  let suffix = '';
  for (let i = 0; i < TRACKING_CODE_LENGTH; i++) suffix += TRACKING_CODE_ALPHABET[pick(TRACKING_CODE_ALPHABET.length)];
  return `WZ${localDate.replace(/-/g, '')}-${suffix}`;
}

// What a phone's or a Chinese keyboard puts in a code a person copies or types: full-width letters and
// digits (NFKC makes them ASCII), dashes of every width, spaces and the invisible characters a copy from
// a message or a web page carries along (zero-width spaces and joiners, the word joiner, a byte order mark,
// soft hyphens).
const DASHES = /[\u2010-\u2015\u2212\u2E3A\u2E3B\u30FC\uFE58\uFE63\uFF0D\uFF70]/g;
const DROPPED = /[\s\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
// The date's digits too may be typed as their look-alikes: every code's date has a 0 (2026), the first
// character a person mistypes as O.
const SHAPE = /^WZ([0-9OIL]{8})-?([0-9A-Z]{10})$/;
const asDigits = (s: string): string => s.replace(/[IL]/g, '1').replace(/O/g, '0');

/**
 * A tracking code as a person may type it back, in its canonical form (`WZ20261012-7K3M9Q2XAB`), or
 * undefined when it is not one. Case does not matter; full-width characters, any dash or none, spaces
 * and invisible characters are forgiven; Crockford's look-alikes are read as the digits they stand for
 * (I and L as 1, O as 0), in the date and after it. U is in no code. Nothing else is guessed: a date
 * that is not 8 digits or a wrong length is no code.
 */
export function parseTrackingCode(value: string): string | undefined {
  if (typeof value !== 'string' || value.length > 100) return undefined;
  const typed = value.normalize('NFKC').replace(DROPPED, '').replace(DASHES, '-').toUpperCase();
  const m = SHAPE.exec(typed);
  if (!m) return undefined;
  const suffix = asDigits(m[2]);
  return [...suffix].every((c) => TRACKING_CODE_ALPHABET.includes(c)) ? `WZ${asDigits(m[1])}-${suffix}` : undefined;
}

/** Whether a value was meant as a tracking code (its WZ and date), so a field that wants another id can say so. */
export const looksLikeTrackingCode = (value: unknown): boolean =>
  typeof value === 'string' && /^WZ[0-9OIL]{8}/.test(value.normalize('NFKC').replace(DROPPED, '').toUpperCase());
