import {
  BenchReport,
  CommandPair,
  CommandsReport,
  WithMemory,
  commandRoundOf,
  commandRoundsReport,
  evaluateTargets,
  medianCommandRound,
  renderMarkdown,
} from './report';
import type { CeilingResult } from './steps/ceiling';

// --http-rounds: the ceiling and the product's command load run several times, alternating which
// goes first; the verdict rests on the median round, never on the best one.

const memory = { peakRssMb: 1, peakHeapMb: 1, heapGrowthMb: 0 };

const load = (commandsPerSecond: number, p99Ms: number) => ({
  connections: 32,
  seconds: 10,
  commandsPerSecond,
  requests: commandsPerSecond * 10,
  ok: commandsPerSecond * 10,
  non2xx: 0,
  errors: 0,
  statusCodes: { '201': commandsPerSecond * 10 },
  latency: { p50Ms: p99Ms / 4, p90Ms: p99Ms / 2, p99Ms, maxMs: p99Ms * 2, meanMs: p99Ms / 4 },
  mix: 'test',
});

const product = (commandsPerSecond: number, p99Ms: number, lagSeconds = 0.2): CommandsReport => ({
  ...load(commandsPerSecond, p99Ms),
  projector: true,
  apiCpuMsPerCommand: 1.5,
  postgresCpuMsPerCommand: 0.8,
  projectionLagAfterRun: {},
  projectionLagAt10s: { petition_views: { events: 0, seconds: lagSeconds }, public_steps: { events: 0, seconds: 0.1 } },
  memory,
});

const ceiling = (commandsPerSecond: number): WithMemory<CeilingResult> => ({
  ...load(commandsPerSecond, 40),
  rowsInserted: commandsPerSecond * 10,
  cpuMsPerRequest: 0.5,
  postgresCpuMsPerRequest: 0.4,
  memory,
});

const base: BenchReport = {
  date: '2026-12-06T00:00:00.000Z',
  machine: { nproc: 2, cpu: 'test', memoryGb: 1, node: process.version, os: 'test' },
  postgres: { source: 'embedded', version: 'test', settings: {} },
  command: 'test',
  options: {},
  sizes: [],
  stepSeconds: [],
  failures: [],
};

/** The report as bench.ts leaves it after the rounds (the same function it calls). */
function withRounds(pairs: CommandPair[]): BenchReport {
  return { ...base, ...commandRoundsReport(pairs) };
}

const target = (report: BenchReport, start: string) => evaluateTargets(report).find((t) => t.target.startsWith(start));

describe('the command step in rounds (--http-rounds)', () => {
  it('takes the round whose share of the ceiling is the median, not the best, and lists every round in the order run', () => {
    // Shares 40%, 55%, 45%: one lucky round above 50% does not meet the target.
    const pairs = [
      { ceiling: ceiling(1000), commands: product(400, 90) },
      { ceiling: ceiling(1000), commands: product(550, 80) },
      { ceiling: ceiling(1000), commands: product(450, 95) },
    ];
    expect(medianCommandRound(pairs)).toBe(pairs[2]);
    const report = withRounds(pairs);
    const share = target(report, 'commands/s ≥ 50%');
    expect(share).toMatchObject({ met: false });
    expect(share?.measured).toContain('45% (450 vs 1,000 commands/s)');
    expect(share?.measured).toContain('the median of 3 rounds, alternating which ran first: 40%, 55%, 45%');
    // The ceiling and the product of one round, the median's.
    expect(report.commands).toBe(pairs[2].commands);
    expect(report.ceiling).toBe(pairs[2].ceiling);
    // The p99 is the median of the rounds' p99s (90 ms), each round's listed.
    expect(target(report, 'command p99')).toMatchObject({ met: true });
    expect(target(report, 'command p99')?.measured).toBe(
      '90 ms at 32 connections; the median of 3 rounds, alternating which ran first: 90 ms, 80 ms, 95 ms',
    );
    expect(report.commandRounds?.map((r) => r.first)).toEqual(['ceiling', 'product', 'ceiling']);
    const md = renderMarkdown(report);
    expect(md).toContain('the median round of 3, alternating which ran first');
    expect(md).toContain('2. product first: 550 / 1,000, 55%; 80 ms; 1.50 + 0.80 / 0.50 + 0.40');
  });

  it('judges the p99 on the median of the rounds, not on the round with the median share', () => {
    // The median-share round (45%) had the one p99 under 100 ms; two of three rounds missed it.
    const pairs = [
      { ceiling: ceiling(1000), commands: product(400, 150) },
      { ceiling: ceiling(1000), commands: product(450, 90) },
      { ceiling: ceiling(1000), commands: product(550, 140) },
    ];
    const p99 = target(withRounds(pairs), 'command p99');
    expect(p99).toMatchObject({ met: false });
    expect(p99?.measured).toMatch(/^140 ms at 32 connections/);
    // Of an even number, the higher middle one.
    expect(target(withRounds(pairs.slice(0, 2)), 'command p99')?.measured).toMatch(/^150 ms/);
  });

  it('judges neither the share, the p99 nor the lag when a round lacks the ceiling or the product (its step failed)', () => {
    // Rounds 1 and 3's product failed: the one complete round (55%) must not carry the verdict.
    const pairs = [{ ceiling: ceiling(1000) }, { ceiling: ceiling(1000), commands: product(550, 90) }, { ceiling: ceiling(1000) }];
    const report = withRounds(pairs);
    for (const t of ['commands/s ≥ 50%', 'command p99', 'every projection’s lag'])
      expect(target(report, t)).toMatchObject({ met: undefined, note: expect.stringMatching(/^not measured: /) });
    expect(target(report, 'commands/s ≥ 50%')?.note).toContain('rounds 1, 3 of 3 lack');
    expect(target(report, 'every projection’s lag')?.note).toContain('no lag read 10 s after round 1');
    // The same with a round whose ceiling failed.
    const noCeiling = withRounds([{ ceiling: ceiling(1000), commands: product(400, 90) }, { commands: product(550, 90) }]);
    expect(target(noCeiling, 'commands/s ≥ 50%')).toMatchObject({ met: undefined, note: expect.stringContaining('round 2 of 2 lacks') });
    // Every product load ran, one ceiling failed: its lag is still read after every round, yet not judged.
    expect(target(noCeiling, 'every projection’s lag')).toMatchObject({ met: undefined });
  });

  it('does not judge the share when the ceiling answered non-2xx in any round, the median or not', () => {
    // Shares 40%, 90% (a ceiling that answered errors: its rate is no ceiling) and 52%: the median would be met.
    const failing = { ...ceiling(500), non2xx: 4_000 };
    const pairs = [
      { ceiling: ceiling(1000), commands: product(400, 90) },
      { ceiling: failing, commands: product(450, 90) },
      { ceiling: ceiling(1000), commands: product(520, 90) },
    ];
    expect(target(withRounds(pairs), 'commands/s ≥ 50%')).toMatchObject({
      met: undefined,
      note: 'not measured: the ceiling route answered non-2xx or errors in round 2 of 3',
    });
  });

  it('with an even number of rounds takes the lower middle one', () => {
    const pairs = [
      { ceiling: ceiling(1000), commands: product(520, 90) },
      { ceiling: ceiling(1000), commands: product(480, 90) },
    ];
    expect(medianCommandRound(pairs)).toBe(pairs[1]);
    expect(target(withRounds(pairs), 'commands/s ≥ 50%')).toMatchObject({ met: false });
  });

  it('leaves out a round where the ceiling or the product did not run, and has no median when none has both', () => {
    const pairs = [{ ceiling: ceiling(1000) }, { ceiling: ceiling(1000), commands: product(600, 90) }, { commands: product(700, 90) }];
    expect(medianCommandRound(pairs)).toBe(pairs[1]);
    expect(medianCommandRound([{ ceiling: ceiling(1000) }, { commands: product(700, 90) }])).toBeUndefined();
    // No round with both: each side is kept from the round it ran in, and the share is not judged.
    const apart = withRounds([{ ceiling: ceiling(1000) }, { commands: product(700, 90) }]);
    expect(apart.ceiling?.commandsPerSecond).toBe(1000);
    expect(apart.commands?.commandsPerSecond).toBe(700);
    expect(target(apart, 'commands/s ≥ 50%')).toMatchObject({ met: undefined, measured: 'no round ran both the ceiling and the product' });
    expect(commandRoundOf(pairs[0], 0).share).toBeUndefined();
  });

  it('judges the lag target on every round: one round that left a projection behind fails it', () => {
    const behind = [
      { ceiling: ceiling(1000), commands: product(450, 90, 0.2) },
      { ceiling: ceiling(1000), commands: product(400, 90, 3.5) },
      { ceiling: ceiling(1000), commands: product(500, 90, 0.3) },
    ];
    // The median round (450) kept up; the second did not.
    expect(medianCommandRound(behind)?.commands?.projectionLagAt10s?.petition_views.seconds).toBe(0.2);
    const lag = target(withRounds(behind), 'every projection’s lag');
    expect(lag).toMatchObject({ met: false });
    expect(lag?.measured).toContain('worst petition_views 3.5 s');
    const caughtUp = behind.map((p) => ({
      ...p,
      commands: { ...(p.commands as CommandsReport), projectionLagAt10s: product(1, 1, 0.4).projectionLagAt10s },
    }));
    expect(target(withRounds(caughtUp), 'every projection’s lag')).toMatchObject({ met: true });
  });

  it('says nothing of rounds when there was one', () => {
    const report = { ...base, ceiling: ceiling(1000), commands: product(450, 90) };
    expect(target(report, 'commands/s ≥ 50%')?.measured).toBe('45% (450 vs 1,000 commands/s)');
    expect(renderMarkdown(report)).toContain('the ceiling route first, then the product');
  });
});
