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

/** `text` with each look-alike letter as its Latin letter, one character for one (the same offsets). */
export function withLatinLookAlikes(text: string): string {
  if (!MAY_LOOK_LATIN.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const latin = LATIN_OF.get(text.charCodeAt(i));
    out += latin === undefined ? text[i] : String.fromCharCode(latin);
  }
  return out;
}
