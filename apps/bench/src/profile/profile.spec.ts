import { CpuProfile, cpuByModule, renderAgainstCeiling, renderProfile, summariseAllocations } from './profile';

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

describe('the CPU by module, set beside the ceiling', () => {
  // A CPU profile as V8 gives it: a call tree, and one sample id per tick with the time since the last.
  const nodes = [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 3, 4, 7, 8, 9] },
    { id: 2, callFrame: frame('(idle)', '') },
    { id: 3, callFrame: frame('(garbage collector)', '') },
    // Node's HTTP parser, calling into express, which writes through a native function.
    { id: 4, callFrame: frame('parserOnHeadersComplete', 'node:_http_common', 70), children: [5] },
    { id: 5, callFrame: frame('handle', 'file:///w/node_modules/express/lib/application.js', 151), children: [6] },
    { id: 6, callFrame: frame('writev', '') },
    // Node's own turn with no code of a module above it.
    { id: 7, callFrame: frame('processTicksAndRejections', 'node:internal/process/task_queues', 66) },
    { id: 8, callFrame: frame('evolve', 'file:///w/dist/libs/petition/src/decider.js', 33) },
    // The window profiler stopping the profilers, inside the window: not the load's work.
    { id: 9, callFrame: frame('post', 'file:///w/dist/apps/bench/src/profile/window-profiler.js', 76), children: [10] },
    { id: 10, callFrame: frame('dispatch', '') },
  ];
  const profile: CpuProfile = {
    nodes,
    startTime: 0,
    endTime: 10_000,
    // 2 ms idle and 2 of the profiler's own (left out), 1 GC, 1 express, 3 writev (charged to express), 1 Node's own, 2 the decider: 8 busy.
    samples: [2, 2, 3, 5, 6, 6, 6, 7, 8, 8, 10, 10],
    timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
  };

  it("charges Node's and V8's frames to the module that called them, leaves idle and the profiler out, and scales to the CPU a request", () => {
    const m = cpuByModule(profile, 0.8);
    // 8 busy ms share 0.8 ms of CPU a request: 100 µs a sample.
    expect(m).toEqual({ '(garbage collector)': 100, express: 400, '(node)': 100, 'libs/petition': 200 });
    expect(Object.values(m).reduce((a, b) => a + b, 0)).toBeCloseTo(800, 5);
  });

  it('lists the modules the product spends most more on first, small differences summed', () => {
    const product = { express: 400, 'libs/petition': 300, pg: 200, '(garbage collector)': 100, debug: 0.5 };
    const ceiling = { express: 250, pg: 150, '(garbage collector)': 40, 'class-validator': 60 };
    const lines = renderAgainstCeiling(product, ceiling);
    expect(lines[0]).toContain('1,001 against 500, 501 more');
    expect(lines.slice(2)).toEqual([
      '| module | product µs / command | ceiling µs / request | difference |',
      '|---|---:|---:|---:|',
      '| libs/petition | 300 | 0 | 300 |',
      '| express | 400 | 250 | 150 |',
      '| (garbage collector) | 100 | 40 | 60 |',
      '| pg | 200 | 150 | 50 |',
      '| class-validator | 0 | 60 | -60 |',
      '| 1 other module | 1 | 0 | 1 |',
    ]);
    // In the profile's Markdown only when both sides were profiled.
    expect(renderProfile({ statements: [], commands: 1, cpuByModule: product })).not.toContain('ceiling route');
    expect(renderProfile({ statements: [], commands: 1, cpuByModule: product, ceilingCpuByModule: ceiling })).toContain(
      '| libs/petition | 300 | 0 | 300 |',
    );
  });
});
