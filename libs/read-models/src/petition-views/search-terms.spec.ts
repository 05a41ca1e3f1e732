import { documentVector } from './search-terms';

// documentVector segments each text once and keeps the lexemes of recent texts (a rebuild and a
// case's public row reuse them). The vector must stay the one of the texts joined, whatever the
// memory holds.

const lexemes = (vector: string) => [...new Set(vector.split(' '))].sort();

const TEXTS: ReadonlyArray<readonly [string, string, string | null]> = [
  ['鹿城区五马街噪音扰民', '工地夜间22点后仍在施工，影响居民休息。盼复。', '执法队员已到现场核查，责令施工单位夜间22时后停止施工。'],
  ['中华人民', '共和国', null],
  ['价格123', '456元', 'ABC'],
  ['物业公司', "物业和水务公司 it's a\\b", '感谢您的监督。'],
  ['末尾。', '开头', ''],
];

describe('documentVector', () => {
  it('gives the words of the texts joined by a line break, each text segmented on its own', () => {
    for (const [title, content, answer] of TEXTS) {
      const joined = [title, content, answer].filter((t) => t).join('\n');
      expect(lexemes(documentVector(title, content, answer))).toEqual(lexemes(documentVector(joined)));
      expect(lexemes(documentVector(title, content))).toEqual(lexemes(documentVector(`${title}\n${content}`)));
    }
  });

  it('answers each text with its own words however many texts were segmented before', () => {
    const first = TEXTS.map(([title, content]) => documentVector(title, content));
    // More distinct texts than the memory holds, then the first ones again.
    for (let i = 0; i < 5000; i++) expect(lexemes(documentVector(`第${i}号诉求`))).toContain(`'${i}'`);
    expect(TEXTS.map(([title, content]) => documentVector(title, content))).toEqual(first);
    expect(documentVector('工地夜间施工')).not.toEqual(documentVector('工地白天施工'));
    expect(lexemes(documentVector('工地夜间施工'))).toEqual(expect.arrayContaining(["'工地'", "'夜间'", "'施工'"]));
    expect(documentVector(null, undefined, '')).toBe('');
  });

  it("puts the lexemes in PostgreSQL's order (the words' UTF-8 bytes), words beyond the BMP included", () => {
    // PostgreSQL parses a vector given in its own order without sorting it (2 µs a case's vector).
    const words = (vector: string) =>
      (vector.match(/'(?:[^']|'')*'/g) ?? []).map((l) => l.slice(1, -1).replace(/''/g, "'").replace(/\\\\/g, '\\'));
    const inBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
    const texts = [
      ...TEXTS.map(([title, content, answer]) => [title, content, answer]),
      ['abc abd ab a b 中 中华 中华人民 123 12 9 ｚ ＡＢ'],
      ["o'neil o o'n o\\b ob o\\ 𠮷野家 𠮷 吉野家 \uffe5 ｆｆ"],
      ['𝐀𝐁 𝐀 abc\ud83d\ude00 abc\ufb01 abc'],
    ];
    for (const group of texts) {
      const found = words(documentVector(...group));
      expect(found.length).toBeGreaterThan(1);
      expect(found).toEqual([...found].sort(inBytes));
      expect(new Set(found).size).toBe(found.length);
    }
  });
});
