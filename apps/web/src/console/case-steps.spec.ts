import { describe, expect, it } from 'vitest';
import { hiddenParts, returningDepartments } from './case-steps';

const at = '2026-03-02T08:00:00.000Z';

describe('what the staff view’s steps say', () => {
  it('the departments that returned the case, and only those', () => {
    const steps = [
      { at, step: 'dispatched', departmentId: 'a' },
      { at, step: 'returned', departmentId: 'a', reason: '不属于本部门' },
      { at, step: 'dispatched', departmentId: 'b' },
    ];
    expect([...returningDepartments(steps)]).toEqual(['a']);
    expect(returningDepartments(undefined).size).toBe(0);
  });

  it('what is hidden now: the last moderation of each part wins', () => {
    const steps = [
      { at, step: 'moderated', target: 'case', action: 'hide' },
      { at, step: 'moderated', target: 'comment', commentId: 'c1', action: 'hide' },
      { at, step: 'moderated', target: 'comment', commentId: 'c2', action: 'hide' },
      { at, step: 'moderated', target: 'case', action: 'restore' },
      { at, step: 'moderated', target: 'comment', commentId: 'c1', action: 'restore' },
      { at, step: 'moderated', target: 'answer', action: 'hide' },
    ];
    expect(hiddenParts(steps)).toEqual({ case: false, answer: true, comments: ['c2'] });
    expect(hiddenParts([])).toEqual({ case: false, answer: false, comments: [] });
  });
});
