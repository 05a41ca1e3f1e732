// Masking style, and why.
//
// Everything published here is world-readable and permanent (search engines, scrapers), so a mask must
// leave too little to re-identify anyone, yet a reader should still see *what* was removed.
//
// - Contact numbers keep the national convention (GB/T 35273 examples, 12306, banks): a mobile shows
//   its first 3 and last 4 digits, `138****8000`; a landline its area code and last 4 digits,
//   `0577-****1234`. The first 3 digits only say which carrier, the area code only which city; 10^4
//   candidates remain. The extension (转123) is kept: it points at an office desk, not a person.
// - Resident ID and bank-card numbers are replaced whole by a token, `[身份证号已隐藏]` and
//   `[银行卡号已隐藏]`. Every part of an ID is personal data (region of birth, birth date, sex digit,
//   and the last 4 are what banks and hotlines ask for as proof of identity), and a card's issuer
//   prefix plus last 4 is the same kind of proof. Nobody reading a petition needs any of those digits.
// - E-mail keeps the first character of the local part and the domain, `z***@163.com`: the domain is
//   rarely personal, the local part usually is (a name in pinyin, a QQ or phone number).
// - Names: the surname and one `*` per remaining character (张*, 欧阳**), as docs/security.md asks; in free
//   text the given name alone (≥ 2 characters) becomes all stars, since "小明说…" identifies as well.
//
// No mask contains a digit run, an `@` preceded by a local part or the name it hides, so masking is
// idempotent and findPersonalData finds nothing in masked text.

export const ID_NUMBER_TOKEN = '[身份证号已隐藏]';
export const BANK_CARD_TOKEN = '[银行卡号已隐藏]';

// Compound surnames are kept whole so that 欧阳娜娜 shows 欧阳**, not 欧***.
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '夏侯',
  '端木',
  '司徒',
  '长孙',
  '宇文',
  '澹台',
  '公冶',
  '宗政',
  '濮阳',
  '淳于',
  '单于',
  '太叔',
  '申屠',
  '仲孙',
  '轩辕',
  '钟离',
  '闻人',
  '赫连',
  '呼延',
  '百里',
]);

const CJK = /^[\u3400-\u9fff\uf900-\ufaff]/;
const NAME_SEPARATOR = /[·•．.\u00b7\u30fb]/;

function stars(n: number): string {
  return n > 0 ? '*'.repeat(n) : '';
}

export interface NameParts {
  surname: string;
  /** The parts after the surname that are masked on their own in free text (≥ 2 characters each). */
  givenNames: string[];
}

/** How a citizen's name splits for masking; exported for redactText. */
export function splitName(name: string): NameParts {
  const trimmed = name.trim();
  if (!CJK.test(trimmed)) {
    const words = trimmed.split(/\s+/).filter((w) => w.length > 0);
    return { surname: trimmed.charAt(0), givenNames: words.filter((w) => w.length >= 2) };
  }
  if (NAME_SEPARATOR.test(trimmed)) {
    // 买买提·艾力: no surname in the Han sense; every part identifies.
    const parts = trimmed.split(NAME_SEPARATOR).filter((p) => p.length >= 2);
    return { surname: trimmed.charAt(0), givenNames: parts };
  }
  const surnameLength = trimmed.length >= 3 && COMPOUND_SURNAMES.has(trimmed.slice(0, 2)) ? 2 : 1;
  const given = trimmed.slice(surnameLength);
  return { surname: trimmed.slice(0, surnameLength), givenNames: given.length >= 2 ? [given] : [] };
}

/**
 * Which rules maskName follows. A display is stored when a case is submitted (beside the case's key,
 * so that a rebuild shows it without decrypting the name); raise this whenever maskName's output for
 * some name changes: a display stored under another value is then not used, and the display is made
 * from the sealed name at each read (as for a case submitted before displays were kept).
 */
export const MASK_NAME_RULES = 1;

/**
 * The surname and one `*` per remaining character: 张三 → 张*, 王小明 → 王**, 欧阳娜娜 → 欧阳**.
 * Non-Chinese names keep their first letter: Alice Smith → A*********. A one-character name still gets
 * a star, so the output never equals a complete name.
 */
export function maskName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) return '';
  if (!CJK.test(trimmed)) {
    const compact = trimmed.replace(/\s+/g, '');
    return compact.charAt(0) + stars(Math.max(1, compact.length - 1));
  }
  if (NAME_SEPARATOR.test(trimmed)) {
    // Keep the dot so the shape of the name stays readable: 买买提·艾力 → 买**·**.
    return trimmed.charAt(0) + trimmed.slice(1).replace(/[^·•．.\u00b7\u30fb]/g, '*');
  }
  const { surname } = splitName(trimmed);
  return surname + stars(Math.max(1, trimmed.length - surname.length));
}

export function maskMobileDigits(digits: string): string {
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

export function maskLandlineDigits(area: string, local: string): string {
  return `${area}-${stars(local.length - 4)}${local.slice(-4)}`;
}

const AREA_CODE = /^0(?:10|2\d|[3-9]\d{2})/;

/**
 * For logs and staff screens: 13800138000 → 138****8000, +86 138-0013-8000 → 138****8000,
 * 0577-88881234转123 → 0577-****1234 (the extension dropped). Anything else keeps at most its last 4 digits.
 */
export function maskPhone(phone: string): string {
  const number = phone.split(/转|分机|[Ee][Xx][Tt]|#/)[0];
  let digits = number.replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\D/g, '');
  if (digits.length === 0) return '';
  if (/^(?:0086|86)1[3-9]\d{9}$/.test(digits)) digits = digits.slice(digits.length - 11);
  if (/^1[3-9]\d{9}$/.test(digits)) return maskMobileDigits(digits);
  if (/^(?:0086|86)(?:10|2\d|[3-9]\d{2})[1-9]\d{6,7}$/.test(digits)) digits = `0${digits.replace(/^(?:0086|86)/, '')}`;
  const area = AREA_CODE.exec(digits);
  if (area !== null && digits.length - area[0].length >= 7 && digits.length - area[0].length <= 8) {
    return maskLandlineDigits(area[0], digits.slice(area[0].length));
  }
  if (digits.length <= 6) return stars(digits.length);
  return stars(digits.length - 4) + digits.slice(-4);
}

/** zhangsan@163.com → z***@163.com; a one-character local part is hidden entirely (***@163.com). */
export function maskEmail(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 0) return trimmed.length === 0 ? '' : '***';
  const local = trimmed.slice(0, at);
  const keep = local.length >= 2 ? local.charAt(0) : '';
  return `${keep}***${trimmed.slice(at)}`;
}
