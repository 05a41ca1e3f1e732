// Finds personal data in free text with one precompiled regex. The public listing redacts thousands of
// rows per page, so the scan is a single left-to-right pass; alternatives are ordered so that at any
// position the longest kind of number wins (an ID or card is never split into a "phone" plus a rest).
//
// False positives matter as much as misses: a public case that shows "2026****1015" instead of its date
// is useless. So every numeric kind refuses to start or end inside a longer digit run, refuses money
// (¥…, …元/万/亿, …%, decimals) and refuses tokens glued to two or more uppercase letters, which
// are codes (WZ20261015-A3F9K2, SF1234…), never phones — unless those letters are a label such as TEL
// or ID. Dates, times, house numbers, counts and postcodes are shorter than any kind and need no rule.

export type PersonalDataKind = 'mobile' | 'landline' | 'id_number' | 'email' | 'bank_card';

export interface PersonalDataMatch {
  kind: PersonalDataKind;
  /** The text as written, separators and prefixes included. */
  match: string;
  /** UTF-16 offset of `match` in the scanned text. */
  index: number;
}

/** What the masks need, already parsed; findPersonalData strips it. */
export interface ParsedPersonalData extends PersonalDataMatch {
  /** Digits (and a final X) without separators, or the e-mail address; full-width forms made ASCII. */
  value: string;
  /** Mobile: a written country prefix such as "+86 "; landline: the area code digits. */
  prefix: string;
  /** Landline: the extension as written (转123, -123), kept because it identifies an office, not a person. */
  suffix: string;
}

const SEP = '[ \\t-]?';
// Money and decimals: ¥13812345678, 15000000000元, 13812345678.5.
const BEFORE_NUMBER = '(?<!\\d)(?<![¥￥$][ \\t]*)(?<!\\d\\.)';
const AFTER_NUMBER = '(?!\\d)(?!\\.\\d)(?![ \\t]*(?:元|万|亿|块|%|％|‰))';
const AREA = '(?:10|2\\d|[3-9]\\d{2})';

const EMAIL = '(?<email>(?=[A-Za-z0-9._%+-])(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![A-Za-z0-9-]))';
// 18-digit ID written plain, 6-8-4 or 6-4-4-4.
const ID18 = `(?<id18>\\d{6}${SEP}\\d{4}${SEP}\\d{4}${SEP}\\d{3}[\\dXx]${AFTER_NUMBER})`;
// Plain 16–19 digits, or groups of four (the way cards are printed); an ID grouped in fours lands here too.
const CARD = `(?<card>(?:\\d{16,19}|\\d{4}(?:[ \\t-]\\d{4}){3}(?:${SEP}\\d{0,2}[\\dXx])?)${AFTER_NUMBER})`;
// 15-digit first-generation ID: validated in the pattern (region, YYMMDD) so that an arbitrary
// 15-digit run — or 0086 + a mobile — falls through to the later alternatives instead of being eaten.
const ID15 = `(?<id15>[1-8]\\d{5}\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}${AFTER_NUMBER})`;
const MOBILE =
  `(?<mobile>(?<mp>(?:\\+|00)86${SEP}|\\(\\+?86\\)${SEP}|86${SEP})?` +
  `(?<mn>1[3-9]\\d${SEP}\\d{4}${SEP}\\d{4})${AFTER_NUMBER})`;
const LANDLINE =
  `(?<landline>(?:(?<lp>(?:\\+|00)86${SEP})\\(?0?(?<la1>${AREA})\\)?|\\((?<la2>0${AREA})\\)|(?<la3>0${AREA}))` +
  `${SEP}(?<ll>[1-9]\\d{2,3}${SEP}\\d{4})${AFTER_NUMBER}(?<lx>[ \\t]*(?:转|分机|[Ee][Xx][Tt]\\.?|-)[ \\t]*\\d{1,6}(?!\\d))?)`;

// The numeric kinds share one start test, so the engine rejects most positions (Chinese text) once
// instead of once per kind.
const PERSONAL_DATA = new RegExp(`${EMAIL}|(?=[0-9+(])${BEFORE_NUMBER}(?:${[ID18, CARD, ID15, MOBILE, LANDLINE].join('|')})`, 'g');

// Full-width digits, letters, + - ( ) . @ _ and the ideographic space each occupy one UTF-16 unit, as
// do their ASCII forms, so a same-length ASCII shadow can be scanned and offsets still fit the original.
const WIDE = /[\uFF08\uFF09\uFF0B\uFF0D\uFF0E\uFF10-\uFF19\uFF20-\uFF3A\uFF3F\uFF41-\uFF5A\u3000\u00A0\u2010-\u2015\u2212]/g;

function narrow(text: string): string {
  WIDE.lastIndex = 0;
  if (!WIDE.test(text)) return text;
  return text.replace(WIDE, (c) => {
    const code = c.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
    if (code === 0x3000 || code === 0x00a0) return ' ';
    return '-';
  });
}

// Letters glued in front of the digits that are a label, not a code: "TEL13812345678", "ID3303…".
const LABELS = new Set(['TEL', 'PHONE', 'MOBILE', 'MOB', 'CELL', 'CALL', 'FAX', 'ID', 'IDNO', 'IDCARD', 'NO', 'SFZ', 'SFZH', 'SJ', 'SJH', 'DH', 'WX', 'VX', 'WECHAT', 'QQ', 'CARD', 'KH', 'ACCOUNT', 'ACC']);

function isCode(text: string, start: number): boolean {
  let i = start;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) break;
    i--;
  }
  const letters = text.slice(i, start);
  return letters.length >= 2 && /^[A-Z]+$/.test(letters) && !LABELS.has(letters);
}

const SEPARATORS = /[ \t-]/g;
const ANY_CANDIDATE = /[0-9@\uFF10-\uFF19\uFF20]/;

function isValidId18(digits: string): boolean {
  return /^[1-8]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]$/.test(digits);
}

function classifyDigits(compact: string): PersonalDataKind {
  if (compact.length === 15) return 'id_number';
  if (compact.length === 18 && (compact.endsWith('X') || isValidId18(compact))) return 'id_number';
  return 'bank_card';
}

function parse(groups: Record<string, string | undefined>, narrowed: string, match: string, index: number): ParsedPersonalData {
  if (groups.email !== undefined) {
    return { kind: 'email', match, index, value: groups.email, prefix: '', suffix: '' };
  }
  if (groups.mobile !== undefined) {
    return { kind: 'mobile', match, index, value: groups.mn!.replace(SEPARATORS, ''), prefix: groups.mp ?? '', suffix: '' };
  }
  if (groups.landline !== undefined) {
    const area = groups.la1 !== undefined ? `0${groups.la1}` : (groups.la2 ?? groups.la3)!;
    const local = groups.ll!.replace(SEPARATORS, '');
    return { kind: 'landline', match, index, value: area + local, prefix: area, suffix: groups.lx ?? '' };
  }
  const compact = narrowed.replace(SEPARATORS, '').toUpperCase();
  return { kind: classifyDigits(compact), match, index, value: compact, prefix: '', suffix: '' };
}

/** The same scan as findPersonalData, with what the masks need. Offsets refer to `text`. */
export function scanPersonalData(text: string): ParsedPersonalData[] {
  const found: ParsedPersonalData[] = [];
  // Titles and most comments hold no digit and no @ at all.
  if (!ANY_CANDIDATE.test(text)) return found;
  const shadow = narrow(text);
  const re = PERSONAL_DATA;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(shadow)) !== null) {
    const groups = m.groups ?? {};
    const startsWithDigit = m[0].charCodeAt(0) >= 48 && m[0].charCodeAt(0) <= 57;
    if (groups.email === undefined && startsWithDigit && isCode(shadow, m.index)) continue;
    found.push(parse(groups, m[0], text.slice(m.index, m.index + m[0].length), m.index));
  }
  return found;
}

/**
 * Every mobile number, landline, resident ID number, e-mail address and bank-card-like digit run in
 * `text`, in order of appearance. Tests use it to prove public tables hold none.
 */
export function findPersonalData(text: string): PersonalDataMatch[] {
  return scanPersonalData(text).map(({ kind, match, index }) => ({ kind, match, index }));
}
