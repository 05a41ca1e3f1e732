export { redactText } from './redact-text';
export type { RedactOptions } from './redact-text';
export { findPersonalData, idCheckDigitHolds } from './personal-data';
export { PHONE_DIGITS_RULES, phoneNumberDigits } from './phone-number';
export type { PersonalDataKind, PersonalDataMatch } from './personal-data';
export { BANK_CARD_TOKEN, ID_NUMBER_TOKEN, MASK_NAME_RULES, maskEmail, maskName, maskPhone } from './mask';
