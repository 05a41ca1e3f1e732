import { CitizenCredentials, parseTrackingCode } from './citizen-credentials';

describe('parseTrackingCode', () => {
  it('reads back every code it issues, whatever the case', () => {
    const credentials = new CitizenCredentials('secret');
    for (let i = 0; i < 200; i++) {
      const code = credentials.newTrackingCode('2026-12-01');
      expect(parseTrackingCode(code)).toBe(code);
      expect(parseTrackingCode(code.toLowerCase())).toBe(code);
    }
  });

  it("reads Crockford's look-alikes as the digits they stand for", () => {
    expect(parseTrackingCode('wz20261201-o1il0ab9zz')).toBe('WZ20261201-01110AB9ZZ');
  });

  it.each([
    'WZ20261201-UUUUUUUUUU',
    'WZ2026120-0123456789',
    'WZ20261201-012345678',
    'WZ20261201_0123456789',
    'XZ20261201-0123456789',
    ' WZ20261201-0123456789',
  ])('refuses %p', (value) => expect(parseTrackingCode(value)).toBeUndefined());
});
