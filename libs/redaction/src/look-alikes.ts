// Letters of other scripts that look like Latin ones (Cyrillic а, Greek ο, Armenian օ, Latin é…), read as
// the Latin letter where an e-mail address is looked for: "zhаng@qq.com" with a Cyrillic а was published
// up to the а (its local part read as "ng"), and "zhang@qq.сom" not masked at all.
//
// The table is the confusables package's, narrowed to what keeps the scan safe: one letter (one UTF-16
// unit) for one ASCII letter or digit, so offsets into the normalised text still hold; never a Han, kana,
// Hangul or Bopomofo character (it reads 山 as W and 七 as T). A letter read as a digit (з as 3, б as 6) is
// kept: this reading is the e-mail scan's only, where zhangwei1985з@qq.com was published whole.
import { confusablesMap } from 'confusables';

const EAST_ASIAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\p{Script=Hangul}]/u;

const LATIN_OF = new Map<number, number>();
for (const [char, latin] of confusablesMap) {
  if (char.length !== 1 || char.charCodeAt(0) < 0x80 || !/^[A-Za-z0-9]$/.test(latin)) continue;
  if (/^\p{L}$/u.test(char) && !EAST_ASIAN.test(char)) LATIN_OF.set(char.charCodeAt(0), latin.charCodeAt(0));
}
const hex = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;
const MAY_LOOK_LATIN = new RegExp(`[${[...LATIN_OF.keys()].map(hex).join('')}]`);
// Most of a petition, where no look-alike is (ASCII, general and CJK punctuation, CJK ideographs): tested
// first, since the table's class is long and this runs on every text.
// eslint-disable-next-line no-control-regex -- ASCII is the whole of ASCII, controls included.
const NO_LOOK_ALIKES = /^[\x00-\x7f\u2000-\u206f\u3000-\u303f\u4e00-\u9fff]*$/;
for (const code of LATIN_OF.keys())
  if (NO_LOOK_ALIKES.test(String.fromCharCode(code))) throw new Error(`look-alike ${hex(code)} in the plain ranges`);

/**
 * What a look-alike of i, I, l or L reads as where a name is looked for (a private-use character, which
 * no text holds as a letter): the table reads Cyrillic І and Greek Ι as l, so such a letter may stand for
 * either; an ASCII i or l stays itself, or a name with Li would mask I'll, II and All.
 */
export const I_OR_L = '\ue000';
const IL = new Set(['i', 'I', 'l', 'L'].map((c) => c.charCodeAt(0)));

/**
 * `text` with each look-alike letter as its Latin letter, one character for one (the same offsets);
 * with `iOrL`, a look-alike of i, I, l or L as I_OR_L.
 */
export function withLatinLookAlikes(text: string, iOrL = false): string {
  if (NO_LOOK_ALIKES.test(text) || !MAY_LOOK_LATIN.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const latin = LATIN_OF.get(text.charCodeAt(i));
    out += latin === undefined ? text[i] : iOrL && IL.has(latin) ? I_OR_L : String.fromCharCode(latin);
  }
  return out;
}
