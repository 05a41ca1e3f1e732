// The forms of a Han character, so that a case's name is found however the text writes it: the name 张伟 in
// 張偉 or 張伟, 卫强 in 衞強 (Hong Kong), 吴 in 呉 (Japan), 温 in 溫 (it was published in full). The tables are
// OpenCC's (opencc-js): traditional to simplified, and the Hong Kong, Taiwan and Japanese variants in both
// directions. Only the name is looked up, when its pattern is built; the text is never converted, so this
// costs a text nothing.
//
// A Japanese form is often a character of its own in Chinese: 芸 is 藝 in Japan but another name than 艺
// here, 欠 is 缺, 沪 is 濾. A variant table therefore never joins two characters that are both in GB 2312 (the
// simplified characters of everyday mainland text): 王芸 stays another name than 王艺, while 呉 (no GB 2312
// character) is 吴.
import { Locale } from 'opencc-js';
import type { DictGroup } from 'opencc-js';

/** The one-character entries of a table's character dictionaries (a phrase dictionary holds longer entries). */
function characterPairs(groups: readonly DictGroup[]): Array<readonly [string, string]> {
  const out: Array<readonly [string, string]> = [];
  for (const group of groups) {
    for (const dict of group) {
      const pairs = typeof dict === 'string' ? dict.split('|').map((entry) => entry.split(' ') as [string, string]) : dict;
      if (pairs.length > 0 && pairs.every(([from, to]) => [...from].length === 1 && [...to].length === 1)) out.push(...pairs);
    }
  }
  return out;
}

/** The Han characters of GB 2312 (its rows 16–87, each code one character in GBK), decoded at once. */
function gb2312(): Set<string> {
  const codes: number[] = [];
  for (let row = 0xb0; row <= 0xf7; row++) for (let cell = 0xa1; cell <= 0xfe; cell++) codes.push(row, cell);
  const chars = new Set([...new TextDecoder('gbk').decode(new Uint8Array(codes))].filter((c) => /^[\u4e00-\u9fff]$/.test(c)));
  if (chars.size !== 6763) throw new Error(`GB 2312 read as ${chars.size} Han characters, not 6763 (is Node's ICU small?)`);
  return chars;
}

const traditionalToSimplified = characterPairs(Locale.to.cn);
if (traditionalToSimplified.length < 1000) throw new Error("opencc-js's traditional-to-simplified character table was not found");
/**
 * Variants of characters in names that OpenCC's tables lack and NFKC leaves alone (normalise.ts applies NFKC,
 * which already makes most CJK compatibility ideographs, U+F900–U+FAFF, their unified form: 隆 U+F9DC is 隆).
 * Twelve ideographs of that block have no such mapping (they are unified ideographs); of them 﨑 (U+FA11) is
 * the 崎 of Japanese names (山﨑), listed here, the others (﨎 﨏 﨓 﨔 﨟 﨡 﨣 﨤 﨧 﨨 﨩) are not known forms of a
 * name's character and stay themselves. The rest are variants (異体字) written in family names, mostly Japanese
 * ones: 髙 for 高, 嵜 for 崎, 𠮷 for 吉, 濵 for 濱, 邉 for 邊, 冨 for 富, 桒 for 桑, 槗 for 橋, 曻 for 昇. A small table
 * by hand, as Unicode's Unihan variant data is not installed; joined as OpenCC's variants are (below, with the
 * same GB 2312 rule), so 髙 is one of 高's forms and 高 one of 髙's.
 */
const UNTABLED_VARIANTS: ReadonlyArray<readonly [string, string]> = [
  ['髙', '高'],
  ['﨑', '崎'],
  ['嵜', '崎'],
  ['𠮷', '吉'],
  ['濵', '濱'],
  ['邉', '邊'],
  ['冨', '富'],
  ['桒', '桑'],
  ['槗', '橋'],
  ['曻', '昇'],
];
for (const [variant] of UNTABLED_VARIANTS)
  if (variant.normalize('NFKC') !== variant) throw new Error(`${variant}: NFKC maps it already, it needs no entry`);
const variants = [
  ...['hk', 'tw', 'jp'].flatMap((region) => [...characterPairs(Locale.from[region]), ...characterPairs(Locale.to[region])]),
  ...UNTABLED_VARIANTS,
];
if (variants.length < 500) throw new Error("opencc-js's Hong Kong, Taiwan and Japanese variant tables were not found");

// Union-find over characters; a class's root is its simplified form.
const ROOT = new Map<string, string>();
function rootOf(char: string): string {
  let root = char;
  while (ROOT.has(root) && ROOT.get(root) !== root) root = ROOT.get(root)!;
  ROOT.set(char, root);
  return root;
}
// A few traditional-to-simplified entries chain (薴 → 苧 → …): the last one is the root.
for (const [traditional, simplified] of traditionalToSimplified) {
  const [from, to] = [rootOf(traditional), rootOf(simplified)];
  if (from !== to) ROOT.set(from, to);
}
const EVERYDAY = gb2312();
const SIMPLIFIED = new Set(traditionalToSimplified.map(([, simplified]) => simplified));
// The root of a joined class: an everyday character, else a simplified one (the 酦 of 醱 and 醗).
const rank = (char: string) => (EVERYDAY.has(char) ? 2 : SIMPLIFIED.has(char) ? 1 : 0);
for (const [a, b] of variants) {
  const [first, second] = [rootOf(a), rootOf(b)];
  if (first === second || (EVERYDAY.has(first) && EVERYDAY.has(second))) continue;
  if (rank(first) >= rank(second)) ROOT.set(second, first);
  else ROOT.set(first, second);
}

// Every character of the tables to all its forms, simplified first (one array shared by them).
const FORMS = new Map<string, string[]>();
for (const char of ROOT.keys()) {
  const root = rootOf(char);
  let forms = FORMS.get(root);
  if (forms === undefined) FORMS.set(root, (forms = [root]));
  if (char !== root) {
    forms.push(char);
    FORMS.set(char, forms);
  }
}
for (const [char, forms] of FORMS) if (forms.length === 1) FORMS.delete(char);

/** Every form of `char`, simplified first (a character without other forms: none, undefined). */
export function hanForms(char: string): readonly string[] | undefined {
  return FORMS.get(char);
}
