import { EventStore, Position, ReadStreamPagesOptions, StreamsPage, comparePositions } from './types';

/**
 * readStreamPages for engines without stream heads: the global log in order, a page of events at
 * a time. readAll's start is inclusive, so each page after the first repeats the last event seen.
 */
export async function* streamPagesFromLog(store: EventStore, options: ReadStreamPagesOptions = {}): AsyncIterable<StreamsPage> {
  const pageSize = Math.max(2, options.pageSize ?? 1000);
  let from: Position | 'start' = 'start';
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: pageSize });
    const last = from;
    const fresh = last !== 'start' && page.length && comparePositions(page[0].position, last) === 0 ? page.slice(1) : page;
    yield { heads: [], events: fresh.filter((e) => !e.streamId.startsWith('$')) };
    if (page.length < pageSize || !fresh.length) return;
    from = page[page.length - 1].position;
  }
}
