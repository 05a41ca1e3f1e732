import type { PetitionEvent } from '@wenzheng/petition';
import { ProjectedEvent, foldBatch } from '@wenzheng/projector';
import { PETITION_ID, ev, history } from '../../../petition/src/testing/fixtures';
import { petitionEventOf, petitionIdOf } from '../petition-stream';
import { PetitionViewRow, evolvePetitionViews } from './petition-views.fold';

const stored = (e: { type: string; data: unknown }, revision: number): ProjectedEvent =>
  ({
    type: e.type,
    data: e.data,
    recorded: { revision: BigInt(revision), created: new Date(0), streamId: `petition-${PETITION_ID}` },
  }) as unknown as ProjectedEvent;

const options = { keyOf: petitionIdOf, eventOf: petitionEventOf, evolve: evolvePetitionViews };

/** Folds `events` from `from` over the stored row, as one batch. */
async function fold(events: readonly { type: string; data: unknown }[], loaded: PetitionViewRow | null, from: number) {
  const changes = await foldBatch(
    options,
    events.map((e, i) => stored(e, from + i)),
    async () => new Map(loaded ? [[PETITION_ID, loaded]] : []),
  );
  return changes[0]?.row ?? loaded;
}

describe('petition views fold', () => {
  // evolvePetitionViews changes in place a row it made earlier in the same batch and copies a
  // stored one: a batch must leave what it loaded untouched and end where event-by-event batches end.
  it('one batch of a whole history ends with the rows of one batch per event, and leaves the loaded rows as loaded', async () => {
    const events: PetitionEvent[] = [
      ...history.rated(),
      ev.commented(),
      ev.moderated(),
      ev.reopened(),
      ev.responded({ answer: '已再次处理' }),
      ev.closed({ reason: 'rated' }),
    ];
    const whole = await fold(events, null, 0);
    let row: PetitionViewRow | null = null;
    for (const [i, e] of events.entries()) {
      const loaded: PetitionViewRow | null = row && structuredClone(row);
      const before = structuredClone(loaded);
      row = await fold([e], loaded, i);
      expect(loaded).toEqual(before);
    }
    expect(whole).toEqual(row);
    expect(whole?.public?.answer).toBe('已再次处理');

    // A batch over a stored row: the stored row is copied once, then the copy changes in place.
    const half = Math.floor(events.length / 2);
    const stored = (await fold(events.slice(0, half), null, 0)) as PetitionViewRow;
    const snapshot = structuredClone(stored);
    expect(await fold(events.slice(half), stored, half)).toEqual(whole);
    expect(stored).toEqual(snapshot);
  });

  // 待回访 (GET /api/queues/callbacks) reads cases.rated_by_call_back: the decider's ratedByCallBack, kept at submission.
  it.each([
    ['a 12345 call', { channel: 'hotline_12345' }, true],
    ["an Open311 client's report", { channel: 'app', submitter: { userId: 'open311:fixmystreet' } }, true],
    ["an interview's forwarded question", { channel: 'web', source: { type: 'interview', id: 'i-1' } }, true],
    ['a web letter', { channel: 'web' }, false],
    ["a citizen's app report", { channel: 'app', submitter: { userId: 'citizen-1' } }, false],
  ])('keeps whether the office calls back for the rating: %s', async (_what, data, expected) => {
    const row = await fold([ev.submitted(data as never)], null, 0);
    expect(row?.case.ratedByCallBack).toBe(expected);
  });
});
