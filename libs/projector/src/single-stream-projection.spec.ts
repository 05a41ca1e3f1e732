import type { ProjectedEvent } from './projection';
import { EventContext, Evolve, Handlers, RowChange, byType, foldBatch, unchanged } from './single-stream-projection';

type Opened = { readonly type: 'Opened'; readonly data: { readonly title: string } };
type Added = { readonly type: 'Added'; readonly data: { readonly n: number } };
type Closed = { readonly type: 'Closed'; readonly data: Record<string, never> };
type Event = Opened | Added | Closed;

interface Row {
  id: string;
  title: string;
  total: number;
  closed: boolean;
  lastRevision: number;
}

const on: Handlers<Event, Row, EventContext<number>> = {
  Opened: (row, e) => ({ ...row, title: e.data.title }),
  Added: (row, e, context) => {
    context.emit(e.data.n);
    return { ...row, total: row.total + e.data.n };
  },
  Closed: (row) => ({ ...row, closed: true }),
};
const apply = byType(on);
const evolve: Evolve<Row, Event, number> = (row, event, context) => {
  if (row === null && event.type !== 'Opened') return null; // nothing to change before the stream's first event
  return apply(row ?? { id: context.key, title: '', total: 0, closed: false, lastRevision: -1 }, event, context);
};

const stored = (key: string, revision: number, e: { type: string; data: unknown }): ProjectedEvent =>
  ({
    type: e.type,
    data: e.data,
    recorded: { id: `${key}/${revision}`, streamId: `s-${key}`, revision: BigInt(revision), created: new Date(0) },
  }) as unknown as ProjectedEvent;
const keyOf = (e: ProjectedEvent) => e.recorded.streamId.slice(2);

/** Folds a batch over the given stored rows, counting the loads and the keys each asked for. */
async function fold(events: ProjectedEvent[], rows: Row[] = []) {
  const loads: string[][] = [];
  const loaded = new Map(rows.map((r) => [r.id, r]));
  const changes = await foldBatch<Row, Event, number>({ keyOf, evolve }, events, async (keys) => {
    loads.push([...keys]);
    return loaded;
  });
  return { changes, loads };
}
const byKey = (changes: RowChange<Row, number>[]) => Object.fromEntries(changes.map((c) => [c.key, c]));

describe('singleStreamRowProjection', () => {
  it('applies several events of one stream in revision order, whatever order the batch has', async () => {
    const { changes } = await fold([
      stored('a', 2, { type: 'Added', data: { n: 5 } }),
      stored('a', 0, { type: 'Opened', data: { title: 'water' } }),
      stored('a', 1, { type: 'Added', data: { n: 2 } }),
    ]);
    expect(changes).toEqual([
      { key: 'a', loaded: null, row: { id: 'a', title: 'water', total: 7, closed: false, lastRevision: 2 }, emitted: [2, 5] },
    ]);
  });

  it('a replayed batch, or the replayed part of one, changes nothing', async () => {
    const batch = [stored('a', 0, { type: 'Opened', data: { title: 'water' } }), stored('a', 1, { type: 'Added', data: { n: 2 } })];
    const first = (await fold(batch)).changes[0].row;
    expect((await fold(batch, [first])).changes).toEqual([]);
    const { changes } = await fold([...batch, stored('a', 2, { type: 'Added', data: { n: 3 } }), batch[1]], [first]);
    expect(changes).toEqual([{ key: 'a', loaded: first, row: { ...first, total: 5, lastRevision: 2 }, emitted: [3] }]);
  });

  it('loads the rows of a batch once, each key once', async () => {
    const { changes, loads } = await fold([
      stored('a', 0, { type: 'Opened', data: { title: 'a' } }),
      stored('b', 0, { type: 'Opened', data: { title: 'b' } }),
      stored('a', 1, { type: 'Added', data: { n: 1 } }),
      stored('b', 1, { type: 'Closed', data: {} }),
    ]);
    expect(loads).toEqual([['a', 'b']]);
    expect(byKey(changes)).toMatchObject({ a: { row: { total: 1, lastRevision: 1 } }, b: { row: { closed: true, lastRevision: 1 } } });
  });

  it('loads nothing for a batch without a key of its own', async () => {
    let loads = 0;
    const changes = await foldBatch<Row, Event, number>(
      { keyOf: () => null, evolve },
      [stored('a', 0, { type: 'Opened', data: { title: 'a' } })],
      async () => {
        loads++;
        return new Map();
      },
    );
    expect(changes).toEqual([]);
    expect(loads).toBe(0);
  });

  it('an event evolve does not apply (null) leaves no row and no revision', async () => {
    const { changes } = await fold([stored('a', 0, { type: 'Added', data: { n: 1 } })]);
    expect(changes).toEqual([]);
  });

  it('records the revision of an event that changes nothing, on a copy: the loaded row stays as loaded', async () => {
    const stays: Evolve<Row, Event, number> = (row) => row;
    const row: Row = { id: 'a', title: 't', total: 1, closed: false, lastRevision: 0 };
    const changes = await foldBatch<Row, Event, number>(
      { keyOf, evolve: stays },
      [stored('a', 1, { type: 'Closed', data: {} })],
      async () => new Map([['a', row]]),
    );
    expect(changes[0].row).toEqual({ ...row, lastRevision: 1 });
    expect(row.lastRevision).toBe(0);
    expect(changes[0].loaded).toBe(row);
  });

  it('projections folding the same batch with the same key function group it once; each owns only rows its evolve made', async () => {
    const batch = [
      stored('a', 0, { type: 'Opened', data: { title: 'a' } }),
      stored('b', 0, { type: 'Opened', data: { title: 'b' } }),
      stored('a', 1, { type: 'Added', data: { n: 1 } }),
    ];
    let asked = 0;
    const counted = (e: ProjectedEvent) => (asked++, keyOf(e));
    const owned: Array<[string, boolean | undefined]> = [];
    const watching: Evolve<Row, Event, number> = (row, event, context) => (
      owned.push([context.key, context.ownsRow]),
      evolve(row, event, context)
    );
    const first = await foldBatch<Row, Event, number>({ keyOf: counted, evolve: watching }, batch, async () => new Map());
    const second = await foldBatch<Row, Event, number>({ keyOf: counted, evolve }, batch, async () => new Map());
    expect(asked).toBe(batch.length);
    expect(second).toEqual(first);
    expect(owned).toEqual([
      ['a', false],
      ['a', true],
      ['b', false],
    ]);
  });

  it('a type the handlers do not know (a newer contract) changes nothing', () => {
    const row: Row = { id: 'a', title: 't', total: 1, closed: false, lastRevision: 0 };
    const context: EventContext<number> = { key: 'a', revision: 1, recorded: {} as never, emit: () => undefined };
    expect(apply(row, { type: 'FromTomorrow', data: {} } as unknown as Event, context)).toBe(row);
  });

  it('handlers must name every event type (checked by the compiler)', () => {
    // @ts-expect-error Closed is missing: a new event type does not compile until the projection says what it does with it.
    const missing: Handlers<Event, Row> = { Opened: unchanged, Added: unchanged };
    const complete: Handlers<Event, Row> = { Opened: unchanged, Added: unchanged, Closed: unchanged };
    expect(Object.keys(missing)).toHaveLength(2);
    expect(Object.keys(complete)).toHaveLength(3);
  });
});
