import { randomUUID } from 'node:crypto';
import { GENESIS_HASH, InMemoryEventStore, chainHash, verifyChain } from '@wenzheng/event-store';
import { ChainWalker, StoredEvent } from './chain-walker';
import { describeReport } from './describe-report';
import { IntegrityVerifier } from './integrity-verifier';

/** Events of one stream with a correct chain, as the command runner writes them. */
function chained(count: number, from = 0): StoredEvent[] {
  let previous = GENESIS_HASH;
  return Array.from({ length: count }, (_, i) => {
    const metadata: Record<string, unknown> = { eventId: randomUUID(), occurredAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() };
    const e = {
      revision: BigInt(from + i),
      id: metadata.eventId as string,
      type: i === 0 ? 'PetitionSubmitted' : 'PetitionCommented',
      data: { n: i, text: '文字' },
    };
    metadata.hash = chainHash(previous, { ...e, metadata });
    previous = metadata.hash as string;
    return { ...e, metadata };
  });
}

const walk = (events: readonly StoredEvent[], first?: bigint, head?: bigint) => {
  const w = new ChainWalker('petition-1', first);
  for (const e of events) w.add(e);
  return w.end(head);
};

describe('ChainWalker', () => {
  it('an intact chain verifies, also against its head', () => {
    expect(walk(chained(5), 0n, 4n)).toBeUndefined();
  });

  it('names an edited event by its revision, as verifyChain does', () => {
    const events = chained(5);
    const edited = events.map((e) => (e.revision === 2n ? { ...e, data: { n: 2, text: '改过' } } : e));
    const found = walk(edited, 0n, 4n);
    expect(found).toMatchObject({ streamId: 'petition-1', revision: 2, eventId: events[2].id, reason: 'hash_mismatch' });
    expect(verifyChain('petition-1', edited)).toMatchObject({ revision: 2n, reason: 'hash_mismatch' });
  });

  it('a deleted event in the middle is a revision gap at the missing revision', () => {
    const events = chained(5);
    expect(
      walk(
        events.filter((e) => e.revision !== 2n),
        0n,
        4n,
      ),
    ).toMatchObject({ revision: 2, eventId: events[3].id, reason: 'revision_gap' });
  });

  it('a deleted first event is a gap when the start is known, a hash mismatch otherwise', () => {
    const rest = chained(3).slice(1);
    expect(walk(rest, 0n, 2n)).toMatchObject({ revision: 0, reason: 'revision_gap' });
    expect(walk(rest)).toMatchObject({ revision: 1, reason: 'hash_mismatch' });
  });

  it('a deleted last event is found only against the head revision', () => {
    const events = chained(4).slice(0, 3);
    expect(walk(events, 0n, 3n)).toMatchObject({ revision: 3, eventId: null, reason: 'revision_gap' });
    expect(walk(events, 0n)).toBeUndefined();
  });

  it('a stream whose every event is gone is a gap at its first revision', () => {
    expect(walk([], 0n, 6n)?.detail).toContain('no event of it is stored');
  });

  it('a chain restarted after a soft delete verifies from where its live part starts', () => {
    expect(walk(chained(3, 7), 7n, 9n)).toBeUndefined();
  });

  it('an event without a hash', () => {
    const events = chained(2);
    const { hash: _gone, ...metadata } = events[1].metadata;
    expect(walk([events[0], { ...events[1], metadata }], 0n, 1n)).toMatchObject({ revision: 1, reason: 'missing_hash' });
  });

  it('reports only the first break of a stream but counts every event', () => {
    const events = chained(5).map((e) => ({ ...e, metadata: { ...e.metadata, hash: 'x' } }));
    const w = new ChainWalker('s', 0n);
    for (const e of events) w.add(e);
    expect(w.end(4n)).toMatchObject({ revision: 0 });
    expect(w.events).toBe(5);
  });
});

describe('IntegrityVerifier over the contract (readAll, grouped by stream)', () => {
  it('is clean on intact streams and names the stream and revision of a bad link', async () => {
    const store = new InMemoryEventStore();
    const good = chained(3);
    const bad = chained(4);
    bad[2] = { ...bad[2], data: { n: 2, text: 'tampered' } };
    // Interleave the two streams in the global log.
    for (let i = 0; i < 4; i++) {
      if (good[i]) await store.appendToStream('petition-good', [good[i]], { expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1) });
      await store.appendToStream('petition-bad', [bad[i]], { expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1) });
    }
    await store.appendToStream('$system-stream', [{ type: '$metadata', data: {} }]);
    const report = await new IntegrityVerifier(store).verifyAll({ pageSize: 2 });
    expect(report).toMatchObject({ engine: 'in-memory', streams: 2, events: 7 });
    expect(report.broken).toEqual([
      expect.objectContaining({ streamId: 'petition-bad', revision: 2, eventId: bad[2].id, reason: 'hash_mismatch' }),
    ]);
    expect(describeReport(report)).toMatch(/BROKEN: 1 stream with a broken link\n {2}petition-bad {2}revision 2 {2}hash_mismatch/);

    const clean = new InMemoryEventStore();
    await clean.appendToStream('petition-good', good);
    const ok = await new IntegrityVerifier(clean).verifyAll();
    expect(ok).toMatchObject({ streams: 1, events: 3, broken: [] });
    expect(describeReport(ok)).toContain('OK: every link verifies');
  });
});
