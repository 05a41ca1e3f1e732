// Letters written for the digits of a mobile number: 138OO138OOO, 1380013800O, l38OO138OOO (O or o for 0,
// l or I for 1, and their look-alikes in other scripts: Cyrillic О, ǀ, Ⅰ), and vertical strokes for 1
// (丨3800138000, |3800138000: STROKES, where one starts the digits). Read as digits, one character for one,
// only where they and the digits around them make a whole word (or words joined by the separators of a
// number) that reads as a mainland mobile and holds at least REAL_DIGITS_AT_LEAST digits written as digits:
// OOO, hello, iPhone13, COVID-19 and ISO9001 stay words (a mobile's second digit, 3 to 9, is always a
// real one).
import { withLatinLookAlikes } from './look-alikes';
import { NormalisedText, NUMBER_SEPARATOR_CLASS } from './normalise';

/**
 * Fewer than 7, which the numbers of other kinds ask for: 138OO138OOO holds 6 real digits and l38OO138OOO 5;
 * a word holds none.
 */
const REAL_DIGITS_AT_LEAST = 5;
const LONGEST = 15; // 0086 and the 11 digits
const MOBILE = /^(?:0086|86)?1[3-9]\d{9}$/;
// The letters read as digits, with the digits, in runs (maximal, so the scan never backtracks).
const LIKE_DIGITS = /[0-9OoIl]+/g;
const SEPARATORS = new RegExp(`^${NUMBER_SEPARATOR_CLASS}*$`);
/**
 * A letter and a digit with nothing but separators between them: wherever words of letters and digits make
 * a number, one such pair stands in it. Most texts have none and are not scanned further.
 */
const LETTER_NEXT_TO_DIGIT = new RegExp(`[0-9]${NUMBER_SEPARATOR_CLASS}*[OoIl]|[OoIl]${NUMBER_SEPARATOR_CLASS}*[0-9]`);

/**
 * Vertical strokes, which are no letters, read as the letter l (so as 1, never a real digit) where one touches a
 * digit: 丨3800138000 was published whole while l38OO138OOO was masked. The look-alikes table (look-alikes.ts)
 * holds letters only; it reads ǀ, Ӏ and Ι as l, and NFKC makes Ⅰ I, ｜ |, ￨ │ and ⼁ 丨. The strokes are listed by
 * hand (of them, the confusables package has only |, for l): |, 丨 (U+4E28, the Han stroke), │ ┃ (box drawing),
 * ∣ (divides), ❘ (a dingbat), ⏐ (a vertical line extension), ׀ (Hebrew paseq), ㇑ (the CJK stroke), ᅵ (the Hangul
 * vowel, NFKC's form of ㅣ), ¦ (broken bar), ⎸ ⎹ (box lines).
 * Standing apart from digits (编号 | 3800138000, a table's or a title's separator) a stroke stays itself, and so
 * does a table's in a row written tight: one after a digit (|3800|1380|, 1380013800|) or one that opens digits a
 * stroke closes (|3800138000|, a cell), which read as 1 made 138****3801 of two amounts. Only a stroke that starts
 * the digits it touches (丨3800138000, 138OO丨38OOO) is read.
 */
const STROKES = '|\u4e28\u2502\u2503\u2223\u2758\u23d0\u05c0\u31d1\u1175\u00a6\u23b8\u23b9';
const MAY_HOLD_STROKE = new RegExp(`[${STROKES}]`);
const STROKE_BY_DIGIT = new RegExp(`(?<![0-9])[${STROKES}](?=[0-9])(?![0-9]+[${STROKES}])`, 'g');

/** `latin` with each stroke that starts digits (and no table's cell) as l (same offsets). */
function withStrokes(latin: string): string {
  return MAY_HOLD_STROKE.test(latin) ? latin.replace(STROKE_BY_DIGIT, 'l') : latin;
}

/**
 * A digit as written: an ASCII one, or a look-alike of one that is no letter O or l read so (Cyrillic З
 * for 3): 1З8OO1З8OOO holds 7 such, not 5.
 */
function isRealDigit(text: string, latin: string, k: number): boolean {
  const code = latin.charCodeAt(k);
  return code >= 48 && code <= 57 && !/[OoIl]/.test(text[k]);
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

interface Word {
  start: number;
  end: number;
  /** Its characters as digits. */
  digits: string;
  /** How many of them are written as digits. */
  real: number;
  /** Whether any is not (a letter, or a look-alike of a digit: Cyrillic з). */
  letters: boolean;
}

/** `norm` with the letters of a mobile number written with letters as its digits (same offsets). */
export function withLetterDigits(norm: NormalisedText): NormalisedText {
  const latin = withStrokes(withLatinLookAlikes(norm.text));
  if (!LETTER_NEXT_TO_DIGIT.test(latin)) return norm;
  const chains: Word[][] = [];
  let chain: Word[] = [];
  LIKE_DIGITS.lastIndex = 0;
  for (let m = LIKE_DIGITS.exec(latin); m !== null; m = LIKE_DIGITS.exec(latin)) {
    let start = m.index;
    const end = start + m[0].length;
    // Part of a longer word (iPhone13, ISO9001, hello): not a number, unless letters stand before its
    // first real digit (TEL138OO138OOO, No138OO…), as a label glued to a number written in digits is read.
    if (isWordChar(latin.charCodeAt(end))) continue;
    if (isWordChar(latin.charCodeAt(start - 1))) {
      while (start < end && !isRealDigit(norm.text, latin, start)) start++;
      if (start === end) continue;
    }
    let real = 0;
    for (let k = start; k < end; k++) if (isRealDigit(norm.text, latin, k)) real++;
    const word = {
      start,
      end,
      digits: latin.slice(start, end).replace(/[Oo]/g, '0').replace(/[Il]/g, '1'),
      real,
      letters: real < end - start,
    };
    const last = chain[chain.length - 1];
    if (last !== undefined && !SEPARATORS.test(latin.slice(last.end, start))) {
      chains.push(chain);
      chain = [];
    }
    chain.push(word);
  }
  chains.push(chain);
  const read: Word[] = [];
  for (const words of chains) {
    for (let first = 0; first < words.length; first++) {
      let digits = '';
      let real = 0;
      let letters = false;
      for (let last = first; last < words.length && digits.length + words[last].digits.length <= LONGEST; last++) {
        digits += words[last].digits;
        real += words[last].real;
        letters ||= words[last].letters;
        if (letters && real >= REAL_DIGITS_AT_LEAST && digits.length >= 11 && MOBILE.test(digits))
          read.push(...words.slice(first, last + 1));
      }
    }
  }
  if (read.length === 0) return norm;
  const text = norm.text.split('');
  for (const word of read) for (let k = word.start; k < word.end; k++) text[k] = word.digits[k - word.start];
  return { ...norm, text: text.join('') };
}
