// The text the matchers see, and the way back to the text that is published.
//
// People hide numbers from filters on purpose (full-width １３８…, Arabic-Indic ١٣٨…, zero-width spaces
// or combining underlines between the digits), so matching runs on a canonical copy: NFKC (full-width and mathematical forms, circled and
// superscript digits, the ideographic space), every Unicode decimal digit as its ASCII digit, and no
// format, default-ignorable or non-spacing combining characters. Each normalised character remembers
// the original characters it came from, so a mask replaces the text as written — invisible characters
// and odd digits included — and everything outside a match is published exactly as it was.

// U+2800 (braille pattern blank) is a symbol, neither a space nor ignorable, yet shows as nothing.
const DROPPED = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Mn}\p{Me}\u2800]/u;
const DECIMAL_DIGIT = /\p{Nd}/u;
const MARK = /\p{M}/u;
// Characters that NFKC leaves alone and that are neither digits nor dropped: most of any petition.
// eslint-disable-next-line no-control-regex -- ASCII is the whole of ASCII, controls included.
const STABLE = /^[\x00-\x7f\u4e00-\u9fff\u3001-\u3002\u300a-\u3011\u2018-\u201d]*$/;

export interface NormalisedText {
  readonly text: string;
  /** Where the normalised characters [start, end) were in the original text. */
  originalRange(start: number, end: number): [number, number];
  /** Whether dropped characters (zero-width, format, combining) sat between those characters. */
  droppedInside(start: number, end: number): boolean;
}

// Unicode guarantees decimal digits come in contiguous runs of whole 0–9 sets, so a digit's value is
// its distance from the start of its run, modulo 10.
const digitValues = new Map<number, number>();

function digitValue(codePoint: number): number {
  let value = digitValues.get(codePoint);
  if (value === undefined) {
    let before = 0;
    while (DECIMAL_DIGIT.test(String.fromCodePoint(codePoint - before - 1))) before++;
    value = before % 10;
    digitValues.set(codePoint, value);
  }
  return value;
}

function identity(text: string): NormalisedText {
  return { text, originalRange: (start, end) => [start, end], droppedInside: () => false };
}

function isMark(text: string, at: number): boolean {
  // Marks start at U+0300; CJK ideographs (most of the text) are never marks.
  const code = text.charCodeAt(at);
  if (code < 0x300 || (code >= 0x4e00 && code <= 0x9fff)) return false;
  return MARK.test(String.fromCodePoint(text.codePointAt(at)!));
}

// Needs no look at the Unicode tables: cannot be a combining mark, or is followed by one cheaply ruled out.
function plainlyNoMark(code: number): boolean {
  return code < 0x300 || (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3000 && code <= 0x303f) || (code >= 0xff01 && code <= 0xff5e);
}

/** The canonical copy of `text` the matchers scan, with the way back to `text`. */
export function normalise(text: string): NormalisedText {
  if (STABLE.test(text)) return identity(text);
  const out: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  // dropsBefore[i]: how many characters were dropped before normalised character i.
  const dropsBefore: number[] = [];
  let drops = 0;
  const push = (unit: number, start: number, end: number) => {
    out.push(unit);
    from.push(start);
    to.push(end);
    dropsBefore.push(drops);
  };
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    // The common cases without NFKC: ASCII, CJK ideographs and punctuation, full-width ASCII (，：１).
    if (i + 1 === length || plainlyNoMark(text.charCodeAt(i + 1))) {
      if (code < 0x80 || (code >= 0x4e00 && code <= 0x9fff) || code === 0x3001 || code === 0x3002) {
        push(code, i, i + 1);
        i++;
        continue;
      }
      if (code >= 0xff01 && code <= 0xff5e) {
        push(code - 0xfee0, i, i + 1);
        i++;
        continue;
      }
    }
    // A base character with its combining marks, so that NFKC can compose them.
    let end = i + (text.codePointAt(i)! > 0xffff ? 2 : 1);
    while (end < length && isMark(text, end)) end += text.codePointAt(end)! > 0xffff ? 2 : 1;
    for (const char of text.slice(i, end).normalize('NFKC')) {
      const codePoint = char.codePointAt(0)!;
      if (codePoint >= 0x80 && DROPPED.test(char)) {
        drops++;
        continue;
      }
      if (codePoint >= 0x80 && DECIMAL_DIGIT.test(char)) push(48 + digitValue(codePoint), i, end);
      else for (let k = 0; k < char.length; k++) push(char.charCodeAt(k), i, end);
    }
    i = end;
  }
  let normalised = '';
  for (let k = 0; k < out.length; k += 8192) normalised += String.fromCharCode(...out.slice(k, k + 8192));
  return {
    text: normalised,
    originalRange: (start, stop) => (stop > start ? [from[start], to[stop - 1]] : [from[start] ?? length, from[start] ?? length]),
    droppedInside: (start, stop) => stop - start >= 2 && dropsBefore[stop - 1] > dropsBefore[start],
  };
}

// Digits written as words or pictures that NFKC leaves alone: 一三八…, the financial capitals 壹叁捌…,
// 幺 (one, as read out on the phone) and the dingbat circled digits ❶ ➀ ➊ ⓵ ⓿.
const SPELLED_DIGITS = new Map<number, number>();
for (const [digit, chars] of ['〇零⓿', '一壹幺', '二贰貳', '三叁叄參', '四肆', '五伍', '六陆陸', '七柒', '八捌', '九玖'].entries()) {
  for (const c of chars) SPELLED_DIGITS.set(c.charCodeAt(0), digit);
}
for (const first of [0x2776, 0x2780, 0x278a, 0x24f5]) for (let d = 1; d <= 9; d++) SPELLED_DIGITS.set(first + d - 1, d);
const SPELLED_CLASS = `〇零⓿一壹幺二贰貳三叁叄參四肆五伍六陆陸七柒八捌九玖\u2776-\u277e\u2780-\u2788\u278a-\u2792\u24f5-\u24fd`;
const MAY_SPELL = new RegExp(`[${SPELLED_CLASS}]`);
/** The separators the number matchers skip between a number's digits, as a character class. */
export const NUMBER_SEPARATOR_CLASS =
  '[\\s.\\-/\\\\_()·•・。,、~\u02d7\u2010-\u2015\u2027\u2043\u2212\u2044\u2215\u2218\u2219\u22c5\u25e6\u2e3a\u2e3b\u301c]';
// A run of digits, spelled or not, with the separators between them.
const DIGIT_RUN = new RegExp(`[0-9${SPELLED_CLASS}](?:${NUMBER_SEPARATOR_CLASS}*[0-9${SPELLED_CLASS}])*`, 'g');
/** A run is a number written out when it holds a spelled digit and at least this many digits in all (a local landline). */
const DIGITS_AT_LEAST = 7;

/**
 * The normalised copy with spelled-out digits as ASCII digits, one character for one, so the way back
 * to the original text is unchanged. Only runs as long as a phone number or longer are read as digits:
 * 二〇二六年, 三三两两, 第一 or the 三 of 张三 stay words (names are matched on the copy without this).
 */
export function withSpelledDigits(norm: NormalisedText): NormalisedText {
  if (!MAY_SPELL.test(norm.text)) return norm;
  const text = norm.text.replace(DIGIT_RUN, (run) => {
    let spelled = 0;
    let digits = 0;
    for (let k = 0; k < run.length; k++) {
      const code = run.charCodeAt(k);
      if (SPELLED_DIGITS.has(code)) spelled++;
      if (SPELLED_DIGITS.has(code) || (code >= 48 && code <= 57)) digits++;
    }
    if (spelled === 0 || digits < DIGITS_AT_LEAST) return run;
    let out = '';
    for (let k = 0; k < run.length; k++) {
      const value = SPELLED_DIGITS.get(run.charCodeAt(k));
      out += value === undefined ? run[k] : String(value);
    }
    return out;
  });
  return text === norm.text ? norm : { ...norm, text };
}
