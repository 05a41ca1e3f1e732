import { CliExit, runCli } from '@wenzheng/platform';
import { PetitionEventCodec, PhoneBlindIndex } from '@wenzheng/petition-store';
import { SubjectKeyStore } from '@wenzheng/petition-store';
import { readModelEntities, readModelMigrations } from '@wenzheng/read-models';
import { DEFAULT_GENERATOR } from './generator';
import { ArgumentError, parseArgs, pastYear, positiveInt } from './harness/args';
import { progress } from './harness/progress';
import { seedCases } from './seeding';

const USAGE = `npm run seed -- --cases N [--from I] [--seed TEXT] [--year YYYY, before this year] [--concurrency C]

Writes N generated petitions (cases I .. I+N-1 of the seed) through the event store of the
database npm start uses (DATABASE_URL, or the embedded PostgreSQL in .data/). The same seed gives
the same cases; seeding again adds nothing. Start the API (npm start) or run npm run rebuild to
project them into the read models.`;

runCli({
  name: 'seed',
  usage: USAGE,
  parse: (argv) => {
    const args = parseArgs(argv, ['help'], ['cases', 'from', 'seed', 'year', 'concurrency']);
    if (args.help) {
      console.log(USAGE);
      throw new CliExit(0);
    }
    if (args.cases === undefined) throw new ArgumentError('--cases is required');
    const cases = positiveInt('cases', args.cases, 0);
    const from = args.from === undefined ? 0 : Number(args.from);
    if (!Number.isSafeInteger(from) || from < 0) throw new ArgumentError('--from must be a whole number >= 0');
    const year = pastYear(args.year, DEFAULT_GENERATOR.year, new Date());
    const generator = { seed: typeof args.seed === 'string' ? args.seed : DEFAULT_GENERATOR.seed, year };
    return { cases, from, generator, concurrency: positiveInt('concurrency', args.concurrency, 8) };
  },
  runtime: { entities: readModelEntities, migrations: readModelMigrations, log: (m) => console.log(`[seed] ${m}`) },
  main: async ({ args: { cases, from, generator, concurrency }, runtime }) => {
    const bar = progress('seed');
    // As the API stores a submission: personal data sealed with the case's own data key.
    const codec = new PetitionEventCodec(new SubjectKeyStore(runtime.pool), PhoneBlindIndex.fromConfig(runtime.config));
    const before = await runtime.eventStore.countEvents();
    const result = await seedCases({
      store: runtime.eventStore,
      encode: (event, petitionId) => codec.encode(event, petitionId),
      from,
      to: from + cases,
      generator,
      concurrency,
      onProgress: (p) => bar.update(p.cases, p.total, `${p.events} events`),
    });
    bar.stop();
    const after = await runtime.eventStore.countEvents();
    // Seeding again writes nothing (each case's events are appended with their fixed ids): say so.
    const added = before === null || after === null ? undefined : after - before;
    const novelty =
      added === undefined
        ? ''
        : added === 0
          ? '; all of them were already in the store, so nothing was added'
          : added < result.events
            ? `; ${added} of them new (the rest were already in the store)`
            : '';
    console.log(
      `[seed] ${result.cases} cases (${from}..${from + cases - 1}, seed "${generator.seed}", year ${generator.year}), ${result.events} events ` +
        `in ${result.seconds.toFixed(1)} s (${Math.round(result.eventsPerSecond)} events/s) on ${runtime.databaseSource === 'embedded' ? 'the embedded PostgreSQL' : 'DATABASE_URL'}${novelty}`,
    );
    console.log('[seed] the read models fill when the API (npm start) or the projector runs, or with npm run rebuild');
  },
});
