import type { ProjectedEvent } from '@wenzheng/projector';
import { iso, petitionEventOf, petitionIdOf } from './petition-stream';

/** iso() as it was before its quick path: the RegExp and Date.parse for every value. */
const reference = (v: unknown): string | null => {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v) && Number.isFinite(Date.parse(v))) return v;
  const ms = typeof v === 'string' ? Date.parse(v) : v instanceof Date ? v.getTime() : NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
};

describe('petition stream helpers', () => {
  it('iso reads every value as the full check does, the quick path included', () => {
    const values: unknown[] = [
      '2025-05-11T13:38:00.000Z',
      '0000-01-01T00:00:00.000Z',
      '9999-12-28T23:59:59.999Z',
      '2025-02-29T00:00:00.000Z',
      '2024-02-29T00:00:00.000Z',
      '2025-02-30T00:00:00.000Z',
      '2025-04-31T00:00:00.000Z',
      '2025-12-31T00:00:00.000Z',
      '2025-00-10T00:00:00.000Z',
      '2025-13-10T00:00:00.000Z',
      '2025-01-00T00:00:00.000Z',
      '2025-01-10T24:00:00.000Z',
      '2025-01-10T23:60:00.000Z',
      '2025-01-10T23:00:60.000Z',
      '2025-01-10T23:00:00.000+08:00',
      '2025-01-10T23:00:00Z',
      '2025-01-10 23:00:00.000Z',
      '2025-01-10T23:00:00.00aZ',
      '２025-01-10T23:00:00.000Z',
      '2025/01/10T23:00:00.000Z',
      '2025-01-10T23:00:00.000z',
      '2025-01-10',
      '',
      'not a date',
      new Date('2025-05-11T13:38:00Z'),
      1747000000000,
      null,
      undefined,
    ];
    for (let d = 1; d <= 31; d++) values.push(`2025-06-${String(d).padStart(2, '0')}T08:30:15.250Z`);
    for (const v of values) expect([v, iso(v)]).toEqual([v, reference(v)]);
  });

  it('petitionIdOf answers alike when asked again for the same event; petitionEventOf never leaves data null', () => {
    const id = '3F2504E0-4F89-11D3-9A0C-0305E82C3301';
    const e = { type: 'PetitionSubmitted', data: null, recorded: { streamId: `petition-${id}` } } as unknown as ProjectedEvent;
    const other = { ...e, recorded: { streamId: 'petition-not-a-uuid' } } as unknown as ProjectedEvent;
    for (const [event, expected] of [
      [e, id.toLowerCase()],
      [e, id.toLowerCase()],
      [other, null],
      [e, id.toLowerCase()],
    ] as const)
      expect(petitionIdOf(event)).toBe(expected);
    const bad = { type: 'X', data: { petitionId: 'nope' }, recorded: { streamId: 'other-1' } } as unknown as ProjectedEvent;
    expect(petitionIdOf(bad)).toBeNull();
    expect(petitionIdOf(bad)).toBeNull();
    expect(petitionEventOf(e)).toEqual({ type: 'PetitionSubmitted', data: {} });
    const withData = { ...e, data: { title: 't' } } as ProjectedEvent;
    expect(petitionEventOf(withData).data).toBe(withData.data);
  });
});
