// attack52 (2026-12-07) on the stroke-for-1 reading: a table written tight had two amounts made one masked
// mobile, and strokes the list lacked (ㅣ, ¦, ⎸) still published a number 丨 no longer did.
import { redactText } from './redact-text';

describe('false positives: a table row written tight is no mobile', () => {
  it.each([
    ['two amounts, the stroke between them', '|3800|1380|'],
    ['a 10-digit number and the stroke closing its cell', '订单1380013800|'],
    ['a stroke inside digits', '138001380|0'],
  ])('%s: %s stays', (_label, text) => {
    expect(redactText(text)).toBe(text);
  });

  it('still: a 10-digit number in a cell, a row of several cells', () => {
    for (const text of ['|3800138000|', '|2023|3800|1380|合计|']) expect(redactText(text)).toBe(text);
  });

  it('still: a stroke that starts a mobile is read as its 1 (丨3800138000, 138OO丨38OOO)', () => {
    expect(redactText('电话丨3800138000')).toBe('电话138****8000');
    expect(redactText('电话|3800138000，谢谢')).toBe('电话138****8000，谢谢');
    expect(redactText('电话138OO丨38OOO，谢谢')).toBe('电话138****8000，谢谢');
  });
});

describe('misses: strokes the list lacked', () => {
  it.each([
    ['ㅣ U+3163 (NFKC: ᅵ U+1175), the Hangul vowel typed for 1', '\u3163'],
    ['ᅵ U+1175', '\u1175'],
    ['¦ U+00A6, the broken bar', '\u00a6'],
    ['⎸ U+23B8', '\u23b8'],
    ['⎹ U+23B9', '\u23b9'],
  ])('%s', (_label, stroke) => {
    expect(redactText(`电话${stroke}3800138000`)).toBe('电话138****8000');
  });
});
