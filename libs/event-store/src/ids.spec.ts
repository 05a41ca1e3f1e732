import { newId } from './ids';

const hex = (id: string) => id.replace(/-/g, '');
const msOf = (id: string) => parseInt(hex(id).slice(0, 12), 16);
/** The 74 random bits: rand_a (12) and rand_b (62), version and variant left out. */
const randomBits = (id: string) => {
  const h = hex(id);
  return (BigInt(`0x${h.slice(13, 16)}`) << 62n) | (BigInt(`0x${h.slice(16, 32)}`) & ((1n << 62n) - 1n));
};
const popcount = (x: bigint) => x.toString(2).replace(/0/g, '').length;

describe('newId', () => {
  it('is a version-7 UUID whose first 48 bits are the time it was made, in milliseconds', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(msOf(id)).toBeGreaterThanOrEqual(before);
    expect(msOf(id)).toBeLessThanOrEqual(after);
  });

  it('ids of a later millisecond sort after those of an earlier one, and none repeats', () => {
    const ids = Array.from({ length: 20_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    let later = 0;
    for (let i = 1; i < ids.length; i++) {
      expect(msOf(ids[i])).toBeGreaterThanOrEqual(msOf(ids[i - 1]));
      if (msOf(ids[i]) > msOf(ids[i - 1])) {
        later++;
        expect(ids[i] > ids[i - 1]).toBe(true);
      }
    }
    expect(later).toBeGreaterThan(0);
  });

  it('shares nothing but the time between two ids: no counter that would tell how many ids were made in between', () => {
    // A counter (as uuid@10's v7 keeps, seeded once per process) makes consecutive ids differ in a
    // few low bits; independent random bits differ in about half of 74.
    const ids = Array.from({ length: 2_000 }, () => newId());
    let close = 0;
    let total = 0;
    for (let i = 1; i < ids.length; i++) {
      const d = popcount(randomBits(ids[i]) ^ randomBits(ids[i - 1]));
      total += d;
      if (d < 12) close++;
    }
    expect(close).toBe(0);
    expect(total / (ids.length - 1)).toBeGreaterThan(30);
  });
});
