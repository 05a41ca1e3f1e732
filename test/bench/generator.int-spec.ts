import { PostgresEventStore, verifyChain } from '@wenzheng/event-store';
import { PETITION_EVENT_TYPES, decide, evolve, fold, initialState } from '@wenzheng/petition';
import { PetitionEventCodec } from '@wenzheng/petition-store';
import { SubjectKeyStore } from '@wenzheng/petition-store';
import { DEFAULT_GENERATOR, GeneratedCase, caseId, generateCase, storedEvents } from '../../apps/bench/src/generator';
import { DISTRICTS } from '../../apps/bench/src/generator/texts';
import { seedCases } from '../../apps/bench/src/seeding';
import { createTestDatabase } from '../setup/database';

// The data generator behind `npm run seed` and `npm run bench`: the same seed gives the same
// events, and every stream it writes is one the decider itself produced.

const CASES = 200;
const generateAll = (seed = DEFAULT_GENERATOR.seed): GeneratedCase[] =>
  Array.from({ length: CASES }, (_, i) => generateCase(i, { ...DEFAULT_GENERATOR, seed }));
const stamped = (c: GeneratedCase) => c.steps.flatMap((s) => s.events);
const produced = (c: GeneratedCase) => c.steps.flatMap((s) => s.produced);
const withRevisions = (events: Awaited<ReturnType<typeof storedEvents>>) =>
  events.map((e, i) => ({ revision: BigInt(i), id: e.id as string, type: e.type, data: e.data, metadata: e.metadata ?? {} }));

describe('generator', () => {
  const cases = generateAll();

  it('is deterministic: same seed, same events; another seed, other events', async () => {
    expect(JSON.stringify(generateAll())).toEqual(JSON.stringify(cases));
    // Without data keys the stored form, hash chain included, is the same too.
    expect(JSON.stringify(await storedEvents(generateCase(7)))).toEqual(JSON.stringify(await storedEvents(cases[7])));
    // A case does not depend on which cases were generated before it (writers run concurrently).
    expect(JSON.stringify(generateCase(150))).toEqual(JSON.stringify(cases[150]));
    expect(cases[150].petitionId).toEqual(caseId(150));
    const other = generateAll('another seed');
    expect(other[0].petitionId).not.toEqual(cases[0].petitionId);
    expect(JSON.stringify(other[0].steps[0].produced)).not.toEqual(JSON.stringify(cases[0].steps[0].produced));
  });

  it('produces streams the decider accepts: every command, decided again on the fold of what came before, gives the same events', () => {
    for (const c of cases) {
      let state = initialState();
      for (const step of c.steps) {
        expect(decide(step.command, state)).toEqual(step.produced);
        state = step.produced.reduce(evolve, state);
      }
      expect(stamped(c).map((e) => e.event)).toEqual(produced(c));
      expect(fold(produced(c))).toEqual(c.state);
      expect(c.state.status).not.toBe('initial');
    }
  });

  it('stamps metadata as the command runner does, with an unbroken integrity chain', async () => {
    for (const c of cases) {
      const events = await storedEvents(c);
      expect(verifyChain(c.streamId, withRevisions(events))).toBeUndefined();
      for (const e of events) {
        expect(Object.keys(e.metadata ?? {}).sort()).toEqual(
          ['actor', 'causationId', 'commandId', 'correlationId', 'eventId', 'hash', 'occurredAt', 'schemaVersion'].sort(),
        );
        expect(e.metadata?.eventId).toBe(e.id);
        expect(e.metadata?.occurredAt).toBe((e.data as { at: string }).at);
      }
    }
  });

  it('lives through the whole lifecycle over a year: every event type, in time order, on the official calendar', () => {
    const types = new Set(cases.flatMap((c) => produced(c).map((e) => e.type)));
    expect([...types].sort()).toEqual([...PETITION_EVENT_TYPES].sort());
    const statuses = new Set(cases.map((c) => c.state.status));
    expect(statuses).toContain('closed');
    for (const c of cases) {
      const times = produced(c).map((e) => Date.parse(e.data.at));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(new Date(times[0]).getUTCFullYear()).toBeGreaterThanOrEqual(DEFAULT_GENERATOR.year - 1);
    }
    const titles = new Set(cases.map((c) => (c.steps[0].produced[0].data as { title: string }).title));
    expect(titles.size).toBeGreaterThan(CASES / 2);
    expect([...titles].every((t) => /[\u4e00-\u9fff]/.test(t))).toBe(true);
  });

  it("names the district or street of a case's location, the one its address names (the listing's ?district=)", () => {
    const submitted = cases.map((c) => c.steps[0].produced[0].data as { location?: string; districtCode?: string });
    const located = submitted.filter((s) => s.location !== undefined);
    expect(located.length).toBeGreaterThan(CASES / 2);
    expect(submitted.filter((s) => s.location === undefined).every((s) => s.districtCode === undefined)).toBe(true);
    for (const s of located) {
      const district = DISTRICTS.find((d) => s.location?.startsWith(d.name));
      expect(s.districtCode).toMatch(new RegExp(`^${district?.areaCode}(\\d{3})?$`));
    }
    const lengths = new Set(located.map((s) => s.districtCode?.length));
    expect([...lengths].sort()).toEqual([6, 9]);
    expect(new Set(located.map((s) => s.districtCode?.slice(0, 6))).size).toBeGreaterThan(6);
  });
});

describe('seeding through the codec and the PostgreSQL event store', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let codec: PetitionEventCodec;

  beforeAll(async () => {
    db = await createTestDatabase('wz_seed');
    store = new PostgresEventStore({ pool: db.pool });
    await store.migrate();
    codec = new PetitionEventCodec(new SubjectKeyStore(db.pool));
  });

  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('stores each case as the API would: personal data sealed, the chain over the stored form, decoding back to what was decided', async () => {
    const encode = (e: Parameters<PetitionEventCodec['encode']>[0], id: string) => codec.encode(e, id);
    const first = await seedCases({ store, to: 60, concurrency: 6, encode });
    expect(first.cases).toBe(60);
    for (let i = 0; i < 60; i++) {
      const c = generateCase(i);
      const read = await store.readStream(c.streamId);
      expect(read.map((e) => e.id)).toEqual(stamped(c).map((e) => e.id));
      expect(verifyChain(c.streamId, read)).toBeUndefined();
      const submitted = read[0].data as { personal?: { $enc?: string }; citizen?: unknown; redacted?: { title?: string } };
      expect(submitted.personal?.$enc).toBe('aes-256-gcm');
      expect(submitted.citizen).toBeUndefined();
      expect(typeof submitted.redacted?.title).toBe('string');
      const decoded = [];
      for (const r of read) decoded.push(await codec.decode(r));
      expect(decoded).toEqual(produced(c));
    }
    const count = async () => Number((await db.pool.query('select count(*) as n from wz_es.events')).rows[0].n);
    const before = await count();
    expect(before).toBe(first.events);
    // Same event ids at the same place: appending them again is a no-op, so a seed can be re-run.
    await seedCases({ store, to: 60, concurrency: 3, encode });
    expect(await count()).toBe(before);
    // Growing the data set continues at the next index.
    const more = await seedCases({ store, from: 60, to: 70, encode });
    expect(await count()).toBe(before + more.events);
  });
});
