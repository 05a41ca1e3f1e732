import { fold } from './decider';
import { notAnOriginal } from './rules';
import { ev, history } from './testing/fixtures';

// docs/lifecycle.md, "Rules": `duplicateOf` must name an existing, accepted, non-duplicate case.
describe('notAnOriginal', () => {
  it.each([
    ['a case never submitted', history.initial(), 'names no existing petition'],
    ['a case awaiting review', history.submitted(), 'names a petition that has not been accepted (it awaits review)'],
    ['a rejected case', history.closedRejected(), 'names a rejected petition'],
    [
      'a duplicate',
      [ev.submitted(), ev.reviewed({ outcome: 'duplicate', reason: '重复件', duplicateOf: 'x' }), ev.closed({ reason: 'duplicate' })],
      'names a petition that is itself a duplicate; name its original',
    ],
  ])('refuses %s', (_what, events, reason) => {
    expect(notAnOriginal(fold(events))).toBe(reason);
  });

  it.each([
    ['accepted', history.accepted()],
    ['dispatched', history.dispatched()],
    ['returned', history.returned()],
    ['answered', history.responded()],
    ['closed after a rating', history.closedRated()],
  ])('takes a case %s', (_what, events) => {
    expect(notAnOriginal(fold(events))).toBeUndefined();
  });
});
