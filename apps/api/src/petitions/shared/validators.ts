import { Transform } from 'class-transformer';
import { ValidationOptions, registerDecorator } from 'class-validator';
import { idCheckDigitHolds, phoneNumberDigits } from '@wenzheng/redaction';

// C0 controls other than tab, line feed and carriage return; DEL; C1 controls; bidi overrides.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

// Renders as nothing: whitespace, format characters (zero-width, bidi marks, soft hyphen, BOM),
// other default-ignorables (Hangul fillers, variation selectors) and the blank Braille pattern.
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]*$/u;

/** Free text: no control characters (multi-line allowed unless singleLine) and something visible. */
export function IsCleanText(options: { singleLine?: boolean } = {}, validationOptions?: ValidationOptions) {
  const controls = `must not contain control characters${options.singleLine ? ' or line breaks' : ''}`;
  const validate = (v: unknown) =>
    typeof v === 'string' && !(options.singleLine ? CONTROL_SINGLE_LINE : CONTROL).test(v) && !INVISIBLE_ONLY.test(v);
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCleanText',
      target: object.constructor,
      propertyName,
      options: {
        // With { each: true } the value is the whole array: the message is about the first element refused.
        message: (a) => {
          const bad = ([] as unknown[]).concat(a.value).find((v) => !validate(v));
          return typeof bad === 'string' && INVISIBLE_ONLY.test(bad)
            ? 'must contain visible text, not only whitespace or invisible characters'
            : controls;
        },
        ...validationOptions,
      },
      validator: { validate },
    });
}

/**
 * A length counted as the command stores the text: trimmed. class-validator's Length counted the spaces
 * at either end, so " 好 " passed a minimum of 2 and was stored as one character. Same rule name and
 * wording as Length's (the screens say it in Chinese by them).
 */
export function IsTrimmedLength(min: number, max: number, validationOptions?: ValidationOptions) {
  const length = (v: unknown) => (typeof v === 'string' ? v.trim().length : -1);
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isLength',
      target: object.constructor,
      propertyName,
      options: {
        message: (a) =>
          length(a.value) > max
            ? `$property must be shorter than or equal to ${max} characters`
            : `$property must be longer than or equal to ${min} characters (spaces at either end not counted)`,
        ...validationOptions,
      },
      validator: { validate: (v: unknown) => length(v) >= min && length(v) <= max },
    });
}

/** An 18-digit resident ID number (居民身份证号) with a valid check digit. */
export function IsResidentIdNumber(validationOptions?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isResidentIdNumber',
      target: object.constructor,
      propertyName,
      options: { message: 'must be an 18-character resident ID number with a valid check digit', ...validationOptions },
      validator: {
        validate: (v: unknown) => typeof v === 'string' && idCheckDigitHolds(v),
      },
    });
}

/** Mainland mobile (optionally +86) or a landline with area code. */
export const PHONE = /^(?:(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}|0\d{2,3}[- ]?\d{7,8}(?:-\d{1,6})?)$/;

/**
 * A citizen's phone: PHONE's shape, and a number the digits' scan reads as one (phoneNumberDigits, a real
 * area code and a local number not starting with 0), so that what is taken is also found by the search's
 * blind index, texted and redacted in the citizen's own text (013 12345678 was taken and none of them).
 * Read as typed on a Chinese keyboard: full-width digits, plus sign, dash and space are folded to their
 * ASCII forms (NFKC) first, and the field keeps the folded number (１３９１２３４５６７８ is 13912345678).
 */
const phoneRule = (name: string, message: string) => (validationOptions?: ValidationOptions) => (object: object, propertyName: string) => {
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFKC') : value))(object, propertyName);
  registerDecorator({
    name,
    target: object.constructor,
    propertyName,
    options: { message, ...validationOptions },
    validator: {
      validate: (v: unknown) => typeof v === 'string' && PHONE.test(v) && phoneNumberDigits(v) !== undefined,
    },
  });
};

export const IsPhoneNumber = phoneRule('isPhoneNumber', 'must be a mainland mobile number or a landline with area code');

/** The same rule where only a mobile will do (a survey's code goes by SMS), refused under its own name; IsNotLandline beside it. */
export const IsMobileNumber = phoneRule('isMobileNumber', 'must be a mainland mobile number');

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isRealDate(v: string): boolean {
  const m = DATE_ONLY.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** 'YYYY-MM-DD' (a real date) or an ISO 8601 instant with an offset. */
export function IsDateOrInstant(validationOptions?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isDateOrInstant',
      target: object.constructor,
      propertyName,
      options: { message: 'must be a date YYYY-MM-DD or an ISO 8601 instant with offset', ...validationOptions },
      validator: {
        validate: (v: unknown) =>
          typeof v === 'string' && (isRealDate(v) || (INSTANT.test(v) && !Number.isNaN(Date.parse(v)) && isRealDate(v.slice(0, 10)))),
      },
    });
}
