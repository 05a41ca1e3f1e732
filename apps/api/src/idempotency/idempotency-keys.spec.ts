import { nextIv } from './idempotency-keys';

describe('the sealed answers’ nonces', () => {
  it('are 12 bytes, all different across several refills of the pool, and none changes once handed out', () => {
    const ivs = Array.from({ length: 1_600 }, () => nextIv());
    const copies = ivs.map((iv) => Buffer.from(iv).toString('hex'));
    expect(ivs.every((iv) => iv.length === 12)).toBe(true);
    expect(new Set(copies).size).toBe(ivs.length);
    // a refill is a new buffer: the nonces already used are not written over
    for (let i = 0; i < 2_000; i++) nextIv();
    expect(ivs.map((iv) => iv.toString('hex'))).toEqual(copies);
  });
});
