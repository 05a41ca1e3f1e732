import { looksLikeTrackingCode, newTrackingCode, parseTrackingCode, TRACKING_CODE_ALPHABET } from './tracking-code';

describe('parseTrackingCode', () => {
  const random = (n: number) => Math.floor(Math.random() * n);

  it('reads back every code it issues, whatever the case', () => {
    for (let i = 0; i < 200; i++) {
      const code = newTrackingCode('2026-12-01', random);
      expect(code).toMatch(/^WZ20261201-[0-9A-HJKMNP-TV-Z]{10}$/);
      expect(parseTrackingCode(code)).toBe(code);
      expect(parseTrackingCode(code.toLowerCase())).toBe(code);
    }
  });

  it('draws every character of the alphabet and no other', () => {
    const seen = new Set<string>();
    for (let i = 0; i < TRACKING_CODE_ALPHABET.length; i++) seen.add(newTrackingCode('2026-12-01', () => i).slice(-1));
    expect([...seen].join('')).toBe(TRACKING_CODE_ALPHABET);
    expect(TRACKING_CODE_ALPHABET).not.toMatch(/[ILOU]/);
  });

  it("reads Crockford's look-alikes as the digits they stand for", () => {
    expect(parseTrackingCode('wz20261201-o1il0ab9zz')).toBe('WZ20261201-01110AB9ZZ');
  });

  it('reads them in the date too (every date has a 0: 2O26 is how a person mistypes it)', () => {
    expect(parseTrackingCode('WZ2O261219-3WK0P6197X')).toBe('WZ20261219-3WK0P6197X');
    expect(parseTrackingCode('wz2o26l2i9 3wkop6197x')).toBe('WZ20261219-3WK0P6197X');
    expect(looksLikeTrackingCode('WZ2O26121')).toBe(false);
    expect(looksLikeTrackingCode('WZ2O261219')).toBe(true);
  });

  it.each([
    ['full-width, as a Chinese keyboard types it', 'ＷＺ２０２６１２０１－０１２３４５６７８９'],
    ['a dash of another width', 'WZ20261201—0123456789'],
    ['an en dash', 'WZ20261201–0123456789'],
    ['the minus sign', 'WZ20261201−0123456789'],
    ['no dash', 'WZ202612010123456789'],
    ['spaces around and inside', '  WZ20261201 - 01234 56789\n'],
    ['an ideographic space', '\u3000WZ20261201-0123456789'],
    ['zero-width characters from a copied message', '\u200bWZ2026\u200d1201-0123\u2060456789\ufeff'],
    ['a soft hyphen', 'WZ20261201-01234\u00ad56789'],
    ['bidirectional marks', '\u202aWZ20261201-0123456789\u202c\u200f'],
  ])('forgives %s', (_, typed) => expect(parseTrackingCode(typed)).toBe('WZ20261201-0123456789'));

  it.each([
    'WZ20261201-UUUUUUUUUU',
    'WZ2026120A-0123456789',
    'WZ2026I2U1-0123456789',
    'WZ2026120-0123456789',
    'WZ20261201-012345678',
    'WZ20261201-01234567890',
    'WZ20261201_0123456789',
    'XZ20261201-0123456789',
    'WZ20261201--0123456789',
    'WZ20261201-0123456789a',
    'WZ20261201-01234567８ab',
    '',
    'WZ',
    `WZ20261201-0123456789${'\u200b'.repeat(100)}`,
  ])('refuses %p', (value) => expect(parseTrackingCode(value)).toBeUndefined());

  it('refuses what is not a string', () => {
    expect(parseTrackingCode(undefined as unknown as string)).toBeUndefined();
    expect(parseTrackingCode(12 as unknown as string)).toBeUndefined();
  });

  it('tells a value meant as a tracking code', () => {
    expect(looksLikeTrackingCode('wz20261201-XYZ')).toBe(true);
    expect(looksLikeTrackingCode('ＷＺ２０２６１２０１')).toBe(true);
    expect(looksLikeTrackingCode('0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e')).toBe(false);
    expect(looksLikeTrackingCode(undefined)).toBe(false);
  });
});
