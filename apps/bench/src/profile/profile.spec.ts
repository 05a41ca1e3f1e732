import { renderProfile, summariseAllocations } from './profile';

const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });

describe('the allocation profile summary', () => {
  // A sampling heap profile as V8 gives it: sizes on the frames that allocated, in a call tree.
  const profile = {
    head: {
      callFrame: frame('(root)', ''),
      selfSize: 0,
      children: [
        {
          callFrame: frame('handle', '/w/dist/libs/projector/src/projector.js', 9),
          selfSize: 1024 * 300,
          children: [
            // A builtin called from the projector: charged to the projector's module, named as itself.
            { callFrame: frame('slice', 'node:buffer', 633), selfSize: 1024 * 100, children: [] },
            {
              callFrame: frame('serialize', '/w/node_modules/canonicalize/lib/canonicalize.js', 3),
              selfSize: 1024 * 500,
              children: [{ callFrame: frame('sort', ''), selfSize: 1024 * 100, children: [] }],
            },
          ],
        },
      ],
    },
  };

  it('adds the sampled sizes by function and by the module whose code asked for them', () => {
    const a = summariseAllocations(profile);
    expect(a.totalKb).toBe(1000);
    expect(a.modules).toEqual([
      { name: 'canonicalize', kb: 600, percent: 60 },
      { name: 'libs/projector', kb: 400, percent: 40 },
    ]);
    expect(a.functions.map((f) => [f.name, f.kb])).toEqual([
      ['serialize canonicalize/canonicalize.js:4', 500],
      ['handle libs/projector/projector.js:10', 300],
      ['slice node:buffer:634', 100],
      ['sort', 100],
    ]);
  });

  it('renders kB per command answered, next to the CPU and the statements', () => {
    const md = renderProfile({ allocations: summariseAllocations(profile), statements: [], commands: 100 });
    expect(md).toContain('1,000 kB, 10.0 kB per command answered 2xx');
    expect(md).toContain('| canonicalize | 6.0 | 60 |');
    expect(md).toContain('| `handle libs/projector/projector.js:10` | 3.0 | 30 |');
  });
});
