// A seeded generator: every case draws from its own stream, derived from the seed and the case's
// index, so case i is the same whatever order, concurrency or batch size the writer uses.

/** xmur3: a 32-bit string hash, used to turn (seed, index, purpose) into generator state. */
function hash32(text: string): () => number {
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex8 = (n: number) => HEX[(n >>> 24) & 0xff] + HEX[(n >>> 16) & 0xff] + HEX[(n >>> 8) & 0xff] + HEX[n & 0xff];

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** The stream named by the parts, e.g. new Random('bench', 42, 'case'). */
  constructor(...parts: ReadonlyArray<string | number>) {
    const next = hash32(parts.join('\u0000'));
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** sfc32: small, fast, and good enough for test data. */
  uint32(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    const t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    const out = (t + this.d) | 0;
    this.c = (this.c + out) | 0;
    return out >>> 0;
  }

  /** [0, 1) */
  next(): number {
    return this.uint32() / 4294967296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A real in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** One of the weighted choices ([value, weight] pairs; weights need not sum to 1). */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    let x = this.next() * total;
    for (const [v, w] of choices) {
      x -= w;
      if (x < 0) return v;
    }
    return choices[choices.length - 1][0];
  }

  /** A version-4 UUID from this stream (the API accepts it as an id and an Idempotency-Key). */
  uuid(): string {
    const a = this.uint32();
    const b = this.uint32();
    const c = this.uint32();
    const d = this.uint32();
    return (
      hex8(a) +
      '-' +
      HEX[(b >>> 24) & 0xff] +
      HEX[(b >>> 16) & 0xff] +
      '-4' +
      HEX[(b >>> 8) & 0xff].slice(1) +
      HEX[b & 0xff] +
      '-' +
      HEX[((c >>> 24) & 0x3f) | 0x80] +
      HEX[(c >>> 16) & 0xff] +
      '-' +
      HEX[(c >>> 8) & 0xff] +
      HEX[c & 0xff] +
      hex8(d)
    );
  }

  /** n digits as text. */
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.uint32() % 10);
    return s;
  }
}
