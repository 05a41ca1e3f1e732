import { SingleBar, Presets } from 'cli-progress';
import { CliExit, runCli } from '@wenzheng/platform';
import { RebuildProgress, describeWarmed, ensureProjectorSchema, rebuildProjections } from '@wenzheng/projector';
import { readModelEntities, readModelMigrations } from '@wenzheng/read-models';
import { PROJECTIONS, outboxKeptSinceAt } from '@wenzheng/read-models';
import { PetitionEventCodec } from '@wenzheng/petition-store';
import { SubjectKeyStore } from '@wenzheng/petition-store';
import { PhoneBlindIndex } from '@wenzheng/petition-store';

/** Set once the fresh tables are swapped in: an interruption after it (while warming) leaves nothing to resume. */
let swapped = false;

/**
 * `npm run rebuild -- [name|all]`: rebuilds projections into fresh tables from one read of the log
 * while the live ones keep serving, then swaps them in together. Interrupted, it resumes from its own checkpoint on the next run.
 */
runCli({
  name: 'rebuild',
  usage: `usage: npm run rebuild -- [<projection> | all]

Rebuilds projections (all when none is named) from the start of the log into fresh tables while the live
ones serve, then swaps them in; interrupted, the same command resumes. Projections: ${PROJECTIONS.map((p) => p.name).join(', ')}.`,
  parse: (argv) => {
    const given = argv.filter((a) => a !== '--');
    if (given.length > 1) throw new CliExit(2, `one projection or all, not ${given.length} arguments`);
    const which = given[0] ?? 'all';
    const chosen = which === 'all' ? PROJECTIONS : PROJECTIONS.filter((p) => p.name === which);
    if (!chosen.length) throw new CliExit(2, `unknown projection "${which}"; known: ${PROJECTIONS.map((p) => p.name).join(', ')}, all`);
    return chosen;
  },
  runtime: { entities: readModelEntities, migrations: readModelMigrations },
  interrupted: () =>
    swapped
      ? "the fresh tables were already swapped in: the rebuild is done (it was reading the report's tables into memory)"
      : 'the live tables are as they were; run the same command again to resume from the rebuild checkpoints',
  main: async ({ args: chosen, runtime }) => {
    await ensureProjectorSchema(runtime.pool);
    const codec = new PetitionEventCodec(new SubjectKeyStore(runtime.pool), PhoneBlindIndex.fromConfig(runtime.config));
    const countEvents = async () => (await runtime.eventStore.countEvents()) ?? undefined;
    const label = chosen.length === 1 ? chosen[0].name : `${chosen.length} projections`;
    const bar = new SingleBar(
      {
        format: `${label.padEnd(24)} [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}`,
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    let startedBar = false;
    const onProgress = (pr: RebuildProgress) => {
      if (!startedBar) {
        bar.start(pr.total ?? pr.processed, 0, { rate: 0 });
        startedBar = true;
        if (pr.resumed) console.log(`resuming ${label} from the rebuild checkpoints`);
      }
      if (pr.total !== undefined && pr.processed > pr.total) bar.setTotal(pr.processed);
      bar.update(pr.processed, { rate: Math.round(pr.eventsPerSecond) });
    };
    // One read of the log feeds every chosen projection; they are swapped in together.
    const result = await rebuildProjections(chosen, {
      onSwapped: () => (swapped = true),
      pool: runtime.pool,
      store: runtime.eventStore,
      decode: codec.projectionDecoder,
      countEvents,
      onProgress,
      prefetch: (events) => codec.prefetch(events),
      // The outbox's rows the SMS sender could no longer take are not written (the live table is pruned of them).
      keptSince: await outboxKeptSinceAt(runtime.pool, new Date(), runtime.config.notifyMaxAgeHours),
    });
    if (startedBar) bar.stop();
    const rate = Math.round(result.eventsRead / Math.max(result.seconds, 0.001));
    const warmed = result.warmed && describeWarmed(result.warmed);
    console.log(
      `${label}: ${result.eventsRead} events read once in ${result.seconds.toFixed(1)} s (${rate} events/s, vacuum, indexes and statistics ${result.indexSeconds.toFixed(1)} s)` +
        `${result.projections.some((p) => p.resumed) ? ', resumed' : ''}; swapped in: ${chosen.map((p) => p.name).join(', ')}` +
        (warmed ? `; ${warmed}` : ''),
    );
  },
});
