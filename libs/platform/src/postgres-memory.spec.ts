import { parseSharedBuffers, sharedBuffersFor } from './postgres-memory';

const GB = 1024 ** 3;
const MB = 1024 ** 2;

describe('the embedded PostgreSQL sized to the machine (shared_buffers)', () => {
  it('takes a quarter of the memory', () => {
    expect(sharedBuffersFor({ total: 24 * GB })).toBe('6144MB');
    expect(sharedBuffersFor({ total: 4 * GB, overcommit: '0\n' })).toBe('1024MB');
    expect(sharedBuffersFor({ total: 23.4 * GB, overcommit: '1' })).toBe(`${Math.floor((23.4 * GB) / 4 / MB)}MB`);
  });

  it("never less than PostgreSQL's own 128 MB, never more than 8 GB", () => {
    expect(sharedBuffersFor({ total: 256 * MB })).toBe('128MB');
    expect(sharedBuffersFor({ total: 512 * GB })).toBe('8192MB');
  });

  it('a control group limit smaller than the machine is what counts; none or a larger one is ignored', () => {
    expect(sharedBuffersFor({ total: 64 * GB, constrained: 2 * GB })).toBe('512MB');
    expect(sharedBuffersFor({ total: 8 * GB, constrained: 0 })).toBe('2048MB');
    expect(sharedBuffersFor({ total: 8 * GB, constrained: 2 ** 63 })).toBe('2048MB');
  });

  it("leaves PostgreSQL's default under strict overcommit (mode 2) or when the memory is unknown", () => {
    expect(sharedBuffersFor({ total: 24 * GB, overcommit: '2\n' })).toBeUndefined();
    expect(sharedBuffersFor({ total: 0 })).toBeUndefined();
    expect(sharedBuffersFor({ total: Number.NaN })).toBeUndefined();
  });

  it('reads a configured size in the units PostgreSQL takes, and refuses anything else naming the rule', () => {
    expect(parseSharedBuffers('2GB')).toBe('2GB');
    expect(parseSharedBuffers('0512mb')).toBe('512MB');
    expect(parseSharedBuffers('1024kB')).toBe('1024kB');
    for (const bad of ['', 'auto', '2', '2 G', '2TB', '1.5GB', '-1GB', '1023kB', '1025GB', '1GB -c fsync=off', '１GB']) {
      expect(() => parseSharedBuffers(bad)).toThrow(/must be/);
    }
  });
});
