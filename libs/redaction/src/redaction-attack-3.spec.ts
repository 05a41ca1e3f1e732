// A third attack on the redaction's edges (2026-12-07): a split name after a label, strokes for the digit 1,
// variant characters no table held, and a Latin name's parts read alone. Each test of a miss or a false
// positive failed before its fix; the ones that say "still" held before and hold after.
import { redactText } from './redact-text';

describe('misses: a name split right after a person label by a semicolon', () => {
  // The label reading (来电人张、伟说) took commas and 、 between the name's characters, not ；or ;.
  it.each(['；', ';', '﹔'])('来电人张%s伟说 is masked', (mark) => {
    expect(redactText(`来电人张${mark}伟说`, { names: ['张伟'] })).toBe('来电人张*说');
    expect(redactText(`投诉人张${mark}伟反映`, { names: ['张伟'] })).toBe('投诉人张*反映');
  });

  it('in traditional characters too: 來電人張；偉說', () => {
    expect(redactText('來電人張；偉說', { names: ['张伟'] })).toBe('來電人張*說');
  });

  it.each(['，', ',', '·', '・', '/', ' ', '、'])('still: 来电人张%s伟说 is masked', (mark) => {
    expect(redactText(`来电人张${mark}伟说`, { names: ['张伟'] })).toBe('来电人张*说');
  });

  it.each([
    ['another name after the label', '来电人张；李说'],
    ['ordinary words after the split', '来电人张；伟大的工程'],
    ['a word that ends in the surname', '客户主张；伟大复兴'],
    ['no label, the surname inside a word', '大家很紧张；伟说没事'],
    ['another given name', '来电人张三；伟说'],
  ])('leaves %s alone: %s', (_label, text) => {
    expect(redactText(text, { names: ['张伟'] })).toBe(text);
  });
});

describe('misses: a vertical stroke for the 1 of a mobile written with letters', () => {
  // l38OO138OOO was masked (l for 1); 丨 (the Han stroke), box-drawing lines and other strokes were not.
  it.each([
    ['丨 U+4E28', '丨'],
    ['⼁ (NFKC: 丨)', '\u2f01'],
    ['│ U+2502', '│'],
    ['￨ (NFKC: │)', '\uffe8'],
    ['┃ U+2503', '┃'],
    ['∣ U+2223', '∣'],
    ['full-width ｜', '｜'],
    ['ASCII |', '|'],
  ])('%s', (_label, stroke) => {
    expect(redactText(`电话${stroke}3800138000`)).toBe('电话138****8000');
    expect(redactText(`电话138OO${stroke}38OOO，谢谢`)).toBe('电话138****8000，谢谢');
  });

  it.each([
    ['ǀ U+01C0', 'ǀ'],
    ['Ⅰ U+2160', 'Ⅰ'],
  ])('still: %s, a letter, is read as 1', (_label, one) => {
    expect(redactText(`电话${one}3800138000`)).toBe('电话138****8000');
  });

  it('still needs 5 digits written as digits: 丨3OO丨38OOOO (3 of them) stays, as l3OOl38OOOO does', () => {
    for (const text of ['编号丨3OO丨38OOOO', '编号l3OOl38OOOO']) expect(redactText(text)).toBe(text);
  });

  it('leaves a stroke that stands apart from the digits alone (a table, a title)', () => {
    for (const text of ['| 13800 | 38000 |', '编号 | 3800138000', '温州丨新闻 3800138000']) expect(redactText(text)).toBe(text);
  });
});

describe("misses: variant characters that neither OpenCC's tables nor NFKC join", () => {
  it.each([
    ['髙 for 高', '髙强反映', ['高强'], '髙*反映'],
    ['高 for 髙, the name given with the variant', '高强反映', ['髙强'], '高*反映'],
    ['﨑 (U+FA11, a compatibility ideograph NFKC leaves) for 崎', '山﨑来电', ['山崎'], '山*来电'],
    ['嵜 for 崎', '山嵜来电', ['山崎'], '山*来电'],
    ['𠮷 (outside the basic plane) for 吉', '𠮷田来电', ['吉田'], '𠮷*来电'],
  ])('%s', (_label, text, names, masked) => {
    expect(redactText(text, { names })).toBe(masked);
  });

  it('still: a compatibility ideograph NFKC maps (隆 U+F9DC, 樂 U+F914) is read as its unified form', () => {
    // The surname the mask keeps is the unified 隆 (U+9686): the form normalise.ts reads.
    expect(redactText('\uf9dc强反映', { names: ['隆强'] })).toBe('\u9686*反映');
    expect(redactText('快\uf914反映', { names: ['快乐'] })).toBe('快*反映');
  });

  it('leaves other characters alone', () => {
    expect(redactText('高兴，山峰，吉祥', { names: ['髙强', '山崎', '吉田'] })).toBe('高兴，山峰，吉祥');
  });
});

describe("false positives: a Latin name's parts read alone, or its letters across a slash", () => {
  // Li Na's parts Li and Na were each a name of their own, their letters split by any gap, a slash too:
  // N/A was masked as ** and the /li/ of a link as /**/.
  it.each(['N/A', 'n/a', 'N.A.', 'https://example.gov.cn/li/notice', 'see /li/ and \\na\\', 'Nancy', 'Lisbon', 'Nancy from Lisbon'])(
    'leaves %s alone for a citizen named Li Na',
    (text) => {
      expect(redactText(text, { names: ['Li Na'] })).toBe(text);
    },
  );

  it.each([
    ['Li Na反映', 'L***反映'],
    ['LI NA wrote', 'L*** wrote'],
    ['li-na wrote', 'L*** wrote'],
    ['Li/Na wrote', 'L*** wrote'],
    ['L.i N.a wrote', 'L*** wrote'],
    ['Ms Li called, Na said', 'Ms ** called, ** said'],
  ])('still masks the name: %s', (text, masked) => {
    expect(redactText(text, { names: ['Li Na'] })).toBe(masked);
  });

  it('masks the name in the other order as one name (its parts alone were masked before, spelt out too)', () => {
    expect(redactText('Na Li wrote', { names: ['Li Na'] })).toBe('N*** wrote');
    expect(redactText('N.a L.i wrote', { names: ['Li Na'] })).toBe('N*** wrote');
    expect(redactText('Zhang Wei and Wei Zhang', { names: ['Zhang Wei'] })).toBe('Z******* and W*******');
  });

  it('still: an ASCII i and l do not stand for each other (Ll, LL NL stay)', () => {
    expect(redactText('Ll Na', { names: ['Li Na'] })).toBe('Ll **');
    expect(redactText('LL NL', { names: ['Li Na'] })).toBe('LL NL');
  });
});
