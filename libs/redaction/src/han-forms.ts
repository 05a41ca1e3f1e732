// The simplified and traditional forms of a Han character, so that a case's name is found however the text
// writes it: the name 张伟 in 張偉 or 張伟 (it was published in full). The table is OpenCC's
// traditional-to-simplified characters (opencc-js): each traditional form has one simplified form, so a
// character's forms are its simplified form and every form that maps to it (发: 發 髮). Only the name is
// looked up, when its pattern is built; the text is never converted, so this costs a text nothing.
import { Locale } from 'opencc-js/t2cn';

function characterPairs(): ReadonlyArray<readonly [string, string]> {
  for (const group of Locale.to.cn) {
    for (const dict of group) {
      const pairs = typeof dict === 'string' ? dict.split('|').map((entry) => entry.split(' ') as [string, string]) : dict;
      if (pairs.length > 1000 && pairs.every(([from, to]) => [...from].length === 1 && [...to].length === 1)) return pairs;
    }
  }
  throw new Error("opencc-js's traditional-to-simplified character table was not found");
}

const SIMPLIFIED = new Map<string, string>();
for (const [traditional, simplified] of characterPairs()) if (traditional !== simplified) SIMPLIFIED.set(traditional, simplified);

function simplifiedOf(char: string): string {
  let form = char;
  // A few entries chain (薴 → 苧 → …); a handful of steps reach the end.
  for (let step = 0; step < 4 && SIMPLIFIED.has(form); step++) form = SIMPLIFIED.get(form)!;
  return form;
}

// Every character of the table, simplified or traditional, to all its forms (one array shared by them).
const FORMS = new Map<string, string[]>();
for (const traditional of SIMPLIFIED.keys()) {
  const simplified = simplifiedOf(traditional);
  let forms = FORMS.get(simplified);
  if (forms === undefined) FORMS.set(simplified, (forms = [simplified]));
  forms.push(traditional);
  FORMS.set(traditional, forms);
}

/** Every form of `char`, simplified first (a character without other forms: none, undefined). */
export function hanForms(char: string): readonly string[] | undefined {
  return FORMS.get(char);
}
