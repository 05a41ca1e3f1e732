import { describe, expect, it } from 'vitest';
import { reopenedSince } from './reopened';

const ANSWER = '已安排维修。';

describe('a reopened case’s earlier answer (原答复)', () => {
  it('is told by the reopen step: when, and why when the reader may see it', () => {
    const steps = [
      { step: 'answered', at: '2026-10-20T02:00:00Z' },
      { step: 'reopened', at: '2026-10-25T02:00:00Z', reason: '答复未解决问题' },
    ];
    expect(reopenedSince({ status: 'in_progress', answer: ANSWER, steps })).toEqual({
      at: '2026-10-25T02:00:00Z',
      reason: '答复未解决问题',
    });
    expect(reopenedSince({ status: 'dispatched', answer: ANSWER, steps: steps.map(({ reason: _r, ...s }) => s) })).toEqual({
      at: '2026-10-25T02:00:00Z',
    });
  });

  it('on a listing item (no steps), by an answer shown while the case is handled again', () => {
    expect(reopenedSince({ status: 'in_progress', answer: ANSWER })).toEqual({});
  });

  it('is nothing for an answered case, or one handled without an answer yet', () => {
    expect(reopenedSince({ status: 'responded', answer: ANSWER })).toBeUndefined();
    expect(reopenedSince({ status: 'closed', answer: ANSWER, steps: [{ step: 'reopened', at: '2026-10-25T02:00:00Z' }] })).toBeUndefined();
    expect(reopenedSince({ status: 'in_progress' })).toBeUndefined();
  });
});
