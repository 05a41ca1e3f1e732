// Finds personal data in free text. The public listing redacts thousands of rows per page, so the scan
// is linear: one pass of a precompiled e-mail regex and one left-to-right walk over the digit runs.
//
// The scan sees the normalised text (normalise.ts): full-width and other Unicode digits as ASCII,
// invisible characters gone. Within it, digits joined only by spaces, dots, dashes, slashes, underscores
// or brackets form a *chain* of groups ("137.1234.5678" is one chain of three groups), because people
// write numbers that way and because it is how a number is hidden from a filter. A match starts and
// ends on group boundaries and may take any number of groups, so "1 3 7 1 2 3 4 5 6 7 8" is a mobile
// and "2026-10-15 13812345678" still holds one mobile after a date. Of the readings of a chain, the one
// that masks the most digits wins, the longest at the leftmost group on a tie: an ID or card is never
// split into a "phone" plus a rest.
//
// False positives matter as much as misses: a public case that shows "2026****1015" instead of its date
// is useless. So a match refuses money (¥…, …元/万/亿, …%, decimals), tokens glued to two or more
// uppercase letters, which are codes (WZ20261015-A3F9K2, SF1234…) unless those letters are a label such
// as TEL, ID or CN, and any cut through a written date (2026-05-21 2345678 is not "05-21 2345678").
// Digit groups joined into a number must also look like one: an ID's birth date must be valid, a card
// grouped other than in fours must pass the Luhn check, and a local landline without area code (7 or 8
// digits) needs either a word such as 电话 before it or, for 8 digits, to be written split up — a bare
// 88881234 may as well be an order number, and 2026-1234 is a serial.

import { withLetterDigits } from './letter-digits';
import { withLatinLookAlikes } from './look-alikes';
import { normalise, NormalisedText, withSpelledDigits } from './normalise';

export type PersonalDataKind = 'mobile' | 'landline' | 'id_number' | 'email' | 'bank_card';

export interface PersonalDataMatch {
  kind: PersonalDataKind;
  /** The text as written, separators, invisible characters and prefixes included. */
  match: string;
  /** UTF-16 offset of `match` in the scanned text. */
  index: number;
}

/** What the masks need, already parsed; findPersonalData strips it. */
export interface ParsedPersonalData extends PersonalDataMatch {
  /** Digits (and a final X) without separators, or the e-mail address; all ASCII. */
  value: string;
  /** Mobile: a written country prefix such as "+86 "; landline: the area code digits ("" when none was written). */
  prefix: string;
  /** Landline: the extension (转123, -123), kept because it identifies an office, not a person. */
  suffix: string;
}

/** A match in normalised coordinates. */
export interface NormalisedMatch {
  kind: PersonalDataKind;
  start: number;
  end: number;
  value: string;
  prefix: string;
  suffix: string;
}

// ---------------------------------------------------------------------------------------------- e-mail

const OPEN = '[(\\[{<【]';
const CLOSE = '[)\\]}>】]';
// "@" with spaces around it, "(at)", "[at]" and — checked after the match — " at " and "#" (written, as
// ＃, for the @ to keep an address from crawlers: "zhang#qq.com").
const AT = `(?:[ \\t]*@[ \\t]*|[ \\t]*${OPEN}[ \\t]*at[ \\t]*${CLOSE}[ \\t]*|(?<wordAt>[ \\t]+at[ \\t]+)|(?<hashAt>[ \\t]*#[ \\t]*))`;
// "." (spaces before it only: "a@b.com. Next" is a sentence), "(dot)", " dot ", "点".
// The ideographic full stop 。, commas (，), 、, the middle dots · and ・ and "#" too, before a common top-level domain only
// ("example。com", "qq、com"): after an address they otherwise end the sentence or the list's item.
const COMMON_TOP_LEVEL = '(?:com|cn|net|org|gov|edu|info)(?![A-Za-z])';
const DOT = `(?:\\.|[ \\t]+\\.[ \\t]*|[ \\t]*${OPEN}[ \\t]*dot[ \\t]*${CLOSE}[ \\t]*|[ \\t]+dot[ \\t]+|[ \\t]*点[ \\t]*|[ \\t]*[。、,#·・][ \\t]*(?=${COMMON_TOP_LEVEL}))`;
// Labels of internationalised domains may be Chinese (例子.中国), and so may their top-level domain.
// 点 (U+70B9) is a spelt-out dot (DOT), never part of a label: were it both, a run of 点 could be read
// either way, and the regex would try every reading (exponential time: an attacking helper's find).
const LABEL = '[A-Za-z0-9\u4e00-\u70b8\u70ba-\u9fff-]+';
const TOP_LEVEL = '(?:[A-Za-z]{2,}|中国|中國|公司|网络|網絡|在线|政务|公益|香港|台湾|台灣|新加坡)';
// The lookbehind lets a local part start only at the start of its run, which keeps the scan linear.
const EMAIL = new RegExp(
  `(?<![A-Za-z0-9._%+-])(?<local>[A-Za-z0-9._%+-]+)${AT}(?<domain>${LABEL}(?:${DOT}${LABEL})*${DOT}${TOP_LEVEL})(?![A-Za-z0-9-])(?![ \\t]*@)`,
  'gi',
);
const ANY_DOT = new RegExp(DOT, 'gi');
// A bare " at " is ordinary English ("look at example.com"); it counts only towards a mail provider or
// with the dot spelt out too.
const MAIL_DOMAIN =
  /^(?:(?:qq|163|126|yeah|sina|sohu|foxmail|gmail|outlook|hotmail|live|yahoo|icloud|aliyun|139|189|wo)\.(?:com|cn|net|com\.cn)|.*\.(?:gov|edu)\.cn)$/i;

// "#" for the @ only before an ASCII domain with a common top-level one: "C#", "1#楼", "#话题#" are no address.
const HASH_DOMAIN = new RegExp(`^[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.${COMMON_TOP_LEVEL}$`, 'i');

function findEmails(normalised: string): NormalisedMatch[] {
  const found: NormalisedMatch[] = [];
  if (!/[@#点]|at/i.test(normalised)) return found;
  // Cyrillic а, Greek ο…: read as Latin letters (look-alikes.ts), one character for one.
  const text = withLatinLookAlikes(normalised);
  EMAIL.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = EMAIL.exec(text)) !== null) {
    const { local, domain: written, wordAt, hashAt } = m.groups!;
    const domain = written.replace(ANY_DOT, '.');
    if (wordAt !== undefined && !MAIL_DOMAIN.test(domain) && /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/.test(written)) continue;
    if (hashAt !== undefined && !HASH_DOMAIN.test(domain)) continue;
    found.push({ kind: 'email', start: m.index, end: m.index + m[0].length, value: `${local}@${domain}`, prefix: '', suffix: '' });
  }
  return found;
}

// ------------------------------------------------------------------------------------------ digit runs

const MAX_DIGITS = 19;
// A digit left outside every match costs more than all the digits a mask may show (at most 19).
const DIGIT_WEIGHT = 32;

// Between digits: whitespace, . - / \ _ ( ) and their dotted and dashed look-alikes (NFKC already made
// full-width forms ASCII).
const SEPARATORS = new Set(
  [...'.-/\\_()·•・。\u02d7\u2010\u2011\u2012\u2013\u2014\u2015\u2027\u2043\u2212\u2044\u2215\u2218\u2219\u22c5\u25e6\u2e3a\u2e3b'].map(
    (c) => c.charCodeAt(0),
  ),
);
// Commas, the enumeration comma and tildes join digits too ("139，1234，5678", "139、1234、5678", "139～1234～5678"),
// but only groups of three digits or more on both sides: "第1、2、3、4、5、6、7、8条" is a list, not a number.
const WEAK_SEPARATORS = new Set([...',、~\u301c'].map((c) => c.charCodeAt(0)));
const WEAK_GROUP = 3;
const WHITESPACE = /\s/;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isSeparator(code: number): boolean {
  return (
    SEPARATORS.has(code) ||
    WEAK_SEPARATORS.has(code) ||
    (code <= 32 ? code === 32 || (code >= 9 && code <= 13) : code >= 0x80 && WHITESPACE.test(String.fromCharCode(code)))
  );
}

function isWordChar(code: number): boolean {
  return isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isX(code: number): boolean {
  return code === 88 || code === 120;
}

interface Group {
  /** Normalised offsets of the group's characters. */
  start: number;
  end: number;
  /** Offsets in the chain's digit string. */
  from: number;
  to: number;
  /** Joined to the group before it by a comma, 、 or tilde (WEAK_SEPARATORS). */
  weak?: boolean;
}

interface Chain {
  groups: Group[];
  /** The chain's digits (and a final X) without separators. */
  digits: string;
  /** Normalised offset of each character of `digits`. */
  at: number[];
  /** [first, last] group indexes of each date written in the chain (2026-10-15, 2026/1/5, 2026.10.15). */
  dates: Array<[number, number]>;
}

// Letters glued in front of the digits that are a label, not a code: "TEL13812345678", "ID3303…", "CN137…".
const LABELS = new Set([
  'TEL',
  'PHONE',
  'MOBILE',
  'MOB',
  'CELL',
  'CALL',
  'FAX',
  'ID',
  'IDNO',
  'IDCARD',
  'NO',
  'SFZ',
  'SFZH',
  'SJ',
  'SJH',
  'DH',
  'WX',
  'VX',
  'WECHAT',
  'QQ',
  'CARD',
  'KH',
  'ACCOUNT',
  'ACC',
  'CN',
  'CHN',
  'PRC',
]);

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

const CURRENCY_BEFORE = /[¥$][ \t]*$/;
/** What follows the items of a list of quantities or places. */
const UNIT_AFTER = /^[ \t]*(?:号|室|栋|幢|楼|层|户|套|元|米|亩|吨|辆|单元|平方)/;
const MONEY_AFTER = /^[ \t]*(?:元|万|亿|块|%|‰)/;
const PHONE_WORD_BEFORE = /(?:电话|座机|固话|号码|手机|致电|拨打|来电|联系|联络|传真|tel|phone|fax|call)[^0-9]{0,8}$/i;
/** A phone word right before the number (电话：, 手机号, tel ), which a following 元 does not make money. */
const PHONE_WORD_RIGHT_BEFORE = /(?:电话|座机|固话|手机|传真|tel|phone|fax)(?:号码|号)?[ \t:：]{0,3}$/i;
/** A business's registration number, not a person's: 营业执照号, 注册号, 统一社会信用代码. */
const BUSINESS_WORD_RIGHT_BEFORE = /(?:营业执照|执照|注册|信用代码|税号|纳税人识别)(?:号码|号|编号)?[ \t:：]{0,3}$/;
/** An ID word right before the number (身份证：, 证件号码). */
const ID_WORD_RIGHT_BEFORE = /(?:身份证|证件)(?:号码|号)?[ \t:：]{0,3}$/;
const EXTENSION = /[ \t]*(?:转|分机|[Ee][Xx][Tt]\.?|-)[ \t]*\d{1,6}(?!\d)/y;

const MOBILE = /^(?:0086|86)?1[3-9]\d{9}$/;
const LANDLINE = /^(?<cc>0086|86)?(?<area>0?(?:10|2\d|[3-9]\d{2}))(?<local>[1-9]\d{6,7})$/;
const ID15 = /^[1-8]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}$/;
const ID18 = /^[1-8]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]$/;
const DATE8 = /^(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/;
const YEAR = /^(?:19|20)\d{2}$/;

/** An 18-digit resident ID number's last character is its check digit (GB 11643, ISO 7064 MOD 11-2). */
export function idCheckDigitHolds(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * (2 ** (17 - i) % 11);
  return '10X98765432'[sum % 11] === id[17].toUpperCase();
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** How many digits of a match its mask still shows (138****5678: 7; 0577-****1234: 8; an ID: none). */
function shownDigits(match: NormalisedMatch): number {
  switch (match.kind) {
    case 'mobile':
      return match.prefix.replace(/\D/g, '').length + 7;
    case 'landline':
      return match.prefix.length + 4;
    default:
      return 0;
  }
}

/** How many digits follow one another from `at`. */
function digitsFrom(text: string, at: number): number {
  let n = 0;
  while (at + n < text.length && isDigit(text.charCodeAt(at + n))) n++;
  return n;
}

function readChain(text: string, start: number, covered: Uint8Array): { chain: Chain; end: number } {
  const groups: Group[] = [];
  let digits = '';
  const at: number[] = [];
  let j = start;
  let joinedWeakly = false;
  for (;;) {
    const group: Group = { start: j, end: j, from: digits.length, to: digits.length, weak: joinedWeakly };
    while (j < text.length && isDigit(text.charCodeAt(j)) && covered[j] === 0) {
      digits += text[j];
      at.push(j);
      j++;
    }
    group.end = j;
    group.to = digits.length;
    groups.push(group);
    let k = j;
    let weak = false;
    for (; k < text.length && isSeparator(text.charCodeAt(k)); k++) if (WEAK_SEPARATORS.has(text.charCodeAt(k))) weak = true;
    const next = text.charCodeAt(k);
    if (
      k > j &&
      isDigit(next) &&
      covered[k] === 0 &&
      (!weak || (group.to - group.from >= WEAK_GROUP && digitsFrom(text, k) >= WEAK_GROUP))
    ) {
      j = k;
      joinedWeakly = weak;
      continue;
    }
    // The check character of an ID, glued on or set apart ("…123X", "…123 X"), ends the chain.
    if (isX(next) && !isWordChar(text.charCodeAt(k + 1))) {
      if (k > j) groups.push({ start: k, end: k, from: digits.length, to: digits.length });
      const last = groups[groups.length - 1];
      digits += 'X';
      at.push(k);
      last.end = k + 1;
      last.to = digits.length;
      j = k + 1;
    }
    break;
  }
  return { chain: { groups, digits, at, dates: datesIn(text, groups, digits) }, end: j };
}

function datesIn(text: string, groups: Group[], digits: string): Array<[number, number]> {
  const dates: Array<[number, number]> = [];
  const value = (g: Group) => Number(digits.slice(g.from, g.to));
  const joint = (a: Group, b: Group) => b.start - a.end === 1 && '-/.'.includes(text[a.end]);
  for (let g = 0; g + 2 < groups.length; g++) {
    const [y, m, d] = [groups[g], groups[g + 1], groups[g + 2]];
    if (y.to - y.from !== 4 || m.to - m.from > 2 || d.to - d.from > 2 || !joint(y, m) || !joint(m, d)) continue;
    if (!YEAR.test(digits.slice(y.from, y.to)) || value(m) < 1 || value(m) > 12 || value(d) < 1 || value(d) > 31) continue;
    dates.push([g, g + 2]);
  }
  return dates;
}

class ChainReader {
  constructor(
    private readonly norm: NormalisedText,
    private readonly chain: Chain,
  ) {}

  private get text(): string {
    return this.norm.text;
  }

  /**
   * The readings that leave the fewest of the chain's digits outside any match, then the fewest shown
   * by the masks (ties: a reading at the leftmost group, the longest there). Greedy longest-first would
   * let "3812 3456 6222 0212 3456 7890" (a local number, then a card) become a "card" of the first 16
   * digits and publish the card's last 8.
   */
  matches(): NormalisedMatch[] {
    const { groups } = this.chain;
    const n = groups.length;
    // covered[g]: the score of the best readings of groups g…: digits inside a match, less those shown.
    const covered = new Array<number>(n + 1).fill(0);
    const choice = new Array<NormalisedMatch | null>(n).fill(null);
    const resume = new Array<number>(n).fill(0);
    for (let g = n - 1; g >= 0; g--) {
      covered[g] = covered[g + 1];
      resume[g] = g + 1;
      let last = g;
      while (last + 1 < n && groups[last + 1].to - groups[g].from <= MAX_DIGITS) last++;
      for (let e = last; e >= g; e--) {
        const match = this.read(g, e);
        if (match === null) continue;
        let after = e + 1;
        while (after < n && groups[after].start < match.end) after++;
        const score = (groups[e].to - groups[g].from) * DIGIT_WEIGHT - shownDigits(match) + covered[after];
        // On a tie, reading a number here beats skipping the group: the mobile in "1 3 7 1 2 3 4 5 6 7 8",
        // not a "local number" from its third digit on, which would hide as many digits.
        if (score > covered[g] || (score === covered[g] && choice[g] === null)) {
          covered[g] = score;
          choice[g] = match;
          resume[g] = after;
        }
      }
    }
    const found: NormalisedMatch[] = [];
    for (let g = 0; g < n; g = resume[g]) {
      const match = choice[g];
      if (match !== null) found.push(match);
    }
    return found;
  }

  private cutsDate(g: number, e: number): boolean {
    return this.chain.dates.some(([first, last]) => (g > first && g <= last) || (e >= first && e < last));
  }

  private read(g: number, e: number): NormalisedMatch | null {
    const { groups } = this.chain;
    let digits = this.chain.digits.slice(groups[g].from, groups[e].to);
    let end = groups[e].end;
    if (digits.endsWith('X')) {
      if (digits.length === 18 && (g === e || ID18.test(digits)))
        return this.refused(g, e, end, 'id_number') ? null : this.match('id_number', g, end, digits);
      // "13812345678x": the X is not part of the number. A set-apart X is the previous candidate's business.
      if (groups[e].to - groups[e].from === 1) return null;
      digits = digits.slice(0, -1);
      end -= 1;
    }
    if (digits.length < 7 || digits.length > MAX_DIGITS) return null;
    // The context is looked at only for a valid number: most candidates in a long chain are none.
    const found = this.classify(g, e, end, digits);
    // Commas and 、 also separate the items of a list ("邮编325000，0577-88881234", "1501、1502、601室"):
    // across one, only a person's own number grouped as people write it is read as one number: a
    // mobile 3-4-4, an 18-digit ID number 6-8-4 or 6-4-4-4 whose check digit holds; and never one a
    // unit follows (…号, …室, …件: the list's items).
    if (found !== null && groups.slice(g + 1, e + 1).some((x) => x.weak)) {
      const shape = groups
        .slice(g, e + 1)
        .map((x) => x.to - x.from)
        .join('-');
      const own =
        (found.kind === 'mobile' && shape === '3-4-4') ||
        (found.kind === 'id_number' && (shape === '6-8-4' || shape === '6-4-4-4') && idCheckDigitHolds(found.value));
      // After 电话, 手机… it is a phone whatever follows ("电话：138，1234，5678元" is still one).
      if (!own || (!this.labelledPhone(groups[g].start) && UNIT_AFTER.test(this.text.slice(end, end + 3)))) return null;
    }
    return found === null || this.refused(g, e, end, found.kind) ? null : found;
  }

  private classify(g: number, e: number, end: number, digits: string): NormalisedMatch | null {
    const { groups } = this.chain;
    const length = digits.length;
    if (length === 18 && ID18.test(digits)) return this.match('id_number', g, end, digits);
    if (length === 15 && ID15.test(digits)) return this.match('id_number', g, end, digits);
    // Mobiles and landlines start with 1, 0 or a country code 86.
    const first = digits.charCodeAt(0);
    if (first === 49 || first === 48 || first === 56) {
      if (MOBILE.test(digits)) return this.mobile(g, end, digits);
      const landline = LANDLINE.exec(digits);
      if (landline !== null) return this.landline(g, end, landline.groups!);
    }
    if (length >= 16) {
      const taken = groups.slice(g, e + 1);
      const inFours = taken.every((x, i) => (i < 4 ? x.to - x.from === 4 : i === 4 && x.to - x.from <= 3));
      // "2018 2019 2020 2021" is a list of years, not a card in fours.
      const years = taken.every((x) => YEAR.test(this.chain.digits.slice(x.from, x.to)));
      return g === e || (inFours && !years) || (luhn(digits) && /^[3-69]/.test(digits)) ? this.match('bank_card', g, end, digits) : null;
    }
    return this.localLandline(g, e, end, digits);
  }

  /** Money, codes, fractions and cuts through a date. */
  private refused(g: number, e: number, end: number, kind: PersonalDataKind): boolean {
    const { groups } = this.chain;
    const text = this.text;
    const start = groups[g].start;
    if (g === 0 && (isCode(text, start) || CURRENCY_BEFORE.test(text.slice(Math.max(0, start - 4), start)))) return true;
    // …元 after a number is money, unless the number cannot be an amount (see personalDespiteMoney).
    if (MONEY_AFTER.test(text.slice(end, end + 4)) && !this.personalDespiteMoney(g, e, kind)) return true;
    // 营业执照号330302000123456: a business's registration number has an old ID's fifteen digits. Not
    // an 18-digit one whose check digit holds: a sole trader's 纳税人识别号 is their ID number.
    if (kind === 'id_number' && BUSINESS_WORD_RIGHT_BEFORE.test(text.slice(Math.max(0, start - 12), start))) {
      const digits = this.chain.digits.slice(groups[g].from, groups[e].to);
      if (digits.length === 15 || !idCheckDigitHolds(digits)) return true;
    }
    // 13800138000.5 is a number with a fraction, not a phone.
    const fraction = groups[e + 1];
    if (g === e && e + 2 === groups.length && text[end] === '.' && fraction.start === end + 1 && fraction.to - fraction.from <= 2)
      return true;
    return this.cutsDate(g, e);
  }

  /**
   * Personal data even with 元, 万 or % after it (an attacking helper, 2026-12-07, published a citizen's
   * own phone as "13812345678元"): a mobile number, a landline with its area code (no amount starts
   * with 0), an ID number whose check digit holds, or a 15-digit one (its birth date holds), or one
   * after 身份证; a card number (16 digits or more, or in fours); a local landline only with 电话, 手机… right before it
   * (电话88881234元宵节…), else it may well be an amount (88881234元).
   */
  private personalDespiteMoney(g: number, e: number, kind: PersonalDataKind): boolean {
    const digits = this.chain.digits.slice(this.chain.groups[g].from, this.chain.groups[e].to);
    const start = this.chain.groups[g].start;
    const { groups } = this.chain;
    const text = this.text;
    // An amount's shapes: a decimal (13.812345678%), the fraction after one (0.13812345678亿), thousands
    // in threes (16 800 000 000元): never a number a person's phone is written as before 元 or %.
    const decimal = e === g + 1 && text.slice(groups[g].end, groups[e].start) === '.';
    const fraction = start >= 2 && text[start - 1] === '.' && isDigit(text.charCodeAt(start - 2));
    const thousands = e - g >= 2 && groups[g].to - groups[g].from <= 3 && groups.slice(g + 1, e + 1).every((x) => x.to - x.from === 3);
    if (decimal || fraction || thousands) return false;
    switch (kind) {
      case 'mobile':
        return true;
      case 'id_number':
        return (
          digits.length === 15 || idCheckDigitHolds(digits) || ID_WORD_RIGHT_BEFORE.test(this.text.slice(Math.max(0, start - 10), start))
        );
      case 'bank_card':
        // Sixteen digits and more, or grouped in fours: no amount is written so.
        return true;
      case 'landline':
        return /^(?:0|86)/.test(digits) || PHONE_WORD_RIGHT_BEFORE.test(this.text.slice(Math.max(0, start - 10), start));
      default:
        return false;
    }
  }

  /** Whether 电话, 手机, tel… stands shortly before `start`. */
  private labelledPhone(start: number): boolean {
    return PHONE_WORD_BEFORE.test(this.text.slice(Math.max(0, start - 16), start));
  }

  private match(kind: PersonalDataKind, g: number, end: number, value: string, prefix = '', suffix = ''): NormalisedMatch {
    return { kind, start: this.chain.groups[g].start, end, value, prefix, suffix };
  }

  /** Takes in a "+" and a "(" written before the digits, the "(" only if a ")" closes after `prefixLengths` digits. */
  private startWithSign(g: number, prefixLengths: number[]): number {
    const text = this.text;
    const group = this.chain.groups[g];
    let start = group.start;
    // A sign or bracket belongs to the number that starts the chain, or one after a comma (a list's item).
    if (g !== 0 && !group.weak) return start;
    if (text[start - 1] === '+') start--;
    const closes = prefixLengths.some((n) => {
      if (n === 0) return false;
      const after = this.chain.at[group.from + n - 1] + 1;
      return /^[ \t]*\)/.test(text.slice(after, after + 4));
    });
    if (text[start - 1] === '(' && closes) start--;
    return start;
  }

  private mobile(g: number, end: number, digits: string): NormalisedMatch {
    const prefixDigits = digits.length - 11;
    const start = this.startWithSign(g, [prefixDigits]);
    const national = this.chain.at[this.chain.groups[g].from + prefixDigits];
    return { ...this.match('mobile', g, end, digits.slice(prefixDigits)), start, prefix: this.text.slice(start, national) };
  }

  private landline(g: number, end: number, parts: Record<string, string | undefined>): NormalisedMatch | null {
    const cc = parts.cc ?? '';
    const written = parts.area!;
    const area = written.startsWith('0') ? written : `0${written}`;
    // Without a country code the area code starts with 0; a bare 86 is a country code only with its "+".
    if (cc === '' && !written.startsWith('0')) return null;
    const start = this.startWithSign(g, [cc.length, cc.length + written.length]);
    if (cc === '86' && !this.text.slice(start, this.chain.groups[g].start).includes('+')) return null;
    const found = { ...this.match('landline', g, end, area + parts.local!, area), start };
    EXTENSION.lastIndex = end;
    const extension = EXTENSION.exec(this.text);
    if (extension !== null) {
      found.end += extension[0].length;
      found.suffix = extension[0];
    }
    return found;
  }

  private localLandline(g: number, e: number, end: number, digits: string): NormalisedMatch | null {
    if ((digits.length !== 7 && digits.length !== 8) || !/^[2-9]/.test(digits) || DATE8.test(digits)) return null;
    const { groups } = this.chain;
    const start = groups[g].start;
    const labelled = this.labelledPhone(start);
    const splitUp = g !== e || this.norm.droppedInside(start, end);
    const serial = g !== e && YEAR.test(this.chain.digits.slice(groups[g].from, groups[g].to));
    // "3000-5000" (平方米, 元…): a range of round quantities, not a number split up.
    const round = g !== e && groups.slice(g, e + 1).every((x) => this.chain.digits.slice(x.from, x.to).endsWith('00'));
    if (!labelled && !(digits.length === 8 && splitUp && !serial && !round)) return null;
    return this.match('landline', g, end, digits);
  }
}

const UUID = /(?<![0-9A-Za-z])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9A-Za-z])/gi;

function findNumbers(text: string, norm: NormalisedText, covered: Uint8Array): NormalisedMatch[] {
  const found: NormalisedMatch[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text.charCodeAt(i)) || covered[i] !== 0) {
      i++;
      continue;
    }
    const { chain, end } = readChain(text, i, covered);
    found.push(...new ChainReader(norm, chain).matches());
    i = Math.max(end, i + 1);
  }
  return found;
}

/**
 * Every match in normalised text, in order; redactText also scans names on the same copy. `letterDigits`:
 * a mobile written with letters for digits (138OO138OOO) is one (letter-digits.ts).
 */
export function scanNormalised(normalised: NormalisedText, letterDigits = true): NormalisedMatch[] {
  const norm = withSpelledDigits(normalised);
  const text = norm.text;
  const emails = findEmails(text);
  const covered = new Uint8Array(text.length);
  for (const e of emails) covered.fill(1, e.start, e.end);
  // Identifiers in links and references: their dash-joined digit groups would read as a split-up number.
  UUID.lastIndex = 0;
  for (let m = UUID.exec(text); m !== null; m = UUID.exec(text)) covered.fill(1, m.index, m.index + m[0].length);
  const numbers = letterDigits ? withLetterDigits(norm) : norm;
  return [...emails, ...findNumbers(numbers.text, numbers, covered)].sort((a, b) => a.start - b.start);
}

/** The same scan as findPersonalData, with what the masks need. Offsets refer to `text`. */
export function scanPersonalData(text: string, letterDigits = true): ParsedPersonalData[] {
  const norm = normalise(text);
  return scanNormalised(norm, letterDigits).map((f) => {
    const [start, end] = norm.originalRange(f.start, f.end);
    return { kind: f.kind, match: text.slice(start, end), index: start, value: f.value, prefix: f.prefix, suffix: f.suffix };
  });
}

/**
 * Every mobile number, landline, resident ID number, e-mail address and bank-card-like digit run in
 * `text`, in order of appearance, however it is written (separators, invisible characters, any
 * script's digits). Tests use it to prove public tables hold none.
 */
export function findPersonalData(text: string): PersonalDataMatch[] {
  return scanPersonalData(text).map(({ kind, match, index }) => ({ kind, match, index }));
}
