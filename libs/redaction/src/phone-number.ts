import { scanPersonalData } from './personal-data';

/**
 * Which rules phoneNumberDigits follows. Raise it whenever the digits it returns for some text change:
 * a phone's blind index kept beside a case's key (PhoneBlindIndex.keyId names this value with the
 * key) is then not used, and the index is made from the sealed number at each read.
 */
export const PHONE_DIGITS_RULES = 1;

/**
 * The one mainland phone number `text` holds, as digits only: a mobile's 11 digits (country code
 * and separators dropped), a landline's area code with its 0 and the local number (extension
 * dropped). The same scan the redaction uses, so "+86 138-1234-5678", "0086 13812345678" and
 * "138 1234 5678" are one number. Undefined when the text is not exactly one phone number.
 */
export function phoneNumberDigits(text: string): string | undefined {
  // Letters are no digits here (138OO138OOO is masked in a text, but no number to text or index).
  const found = scanPersonalData(text, false);
  if (found.length !== 1 || (found[0].kind !== 'mobile' && found[0].kind !== 'landline')) return undefined;
  // Anything left beside the number (words, other digits) means it was not a phone number alone.
  const rest = text.slice(0, found[0].index) + text.slice(found[0].index + found[0].match.length);
  return /[\p{L}\p{N}]/u.test(rest) ? undefined : found[0].value;
}
