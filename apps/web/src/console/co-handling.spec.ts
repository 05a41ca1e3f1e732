import { describe, expect, it } from 'vitest';
import { partInCase, unitsUnder } from './co-handling';

const at = '2026-03-02T08:00:00.000Z';
const LEAD = 'lead';
const ASSIST = 'assist';
const STREET = 'street';
const COMMUNITY = 'community';
const dispatched = {
  at,
  step: 'dispatched',
  departmentId: LEAD,
  assisting: [{ departmentId: ASSIST, contributeBy: '2026-03-09T15:59:59.999Z' }],
};

describe('what the signed-in department is in a case (主办 / 协办 / 下派)', () => {
  it('the lead leads and holds the case; an assisting department owes its contribution until it gives it', () => {
    expect(partInCase([dispatched], LEAD, LEAD)).toEqual({ lead: true, holder: true, passedDownHere: false });
    expect(partInCase([dispatched], LEAD, ASSIST)).toEqual({
      lead: false,
      holder: false,
      passedDownHere: false,
      owesAssistance: { contributeBy: '2026-03-09T15:59:59.999Z', leadDepartmentId: LEAD },
    });
    const given = [dispatched, { at, step: 'assistance_provided', departmentId: ASSIST }];
    expect(partInCase(given, LEAD, ASSIST).owesAssistance).toBeUndefined();
  });

  it('a case passed down twice is held by the last unit, which answers up to the one above; the lead holds it again at the end', () => {
    const down = [
      dispatched,
      { at, step: 'acknowledged', departmentId: LEAD },
      { at, step: 'passed_down', departmentId: STREET },
      { at, step: 'passed_down', departmentId: COMMUNITY },
    ];
    expect(partInCase(down, LEAD, COMMUNITY)).toMatchObject({ lead: false, holder: true, passedDownHere: true });
    expect(partInCase(down, LEAD, STREET)).toMatchObject({ holder: false, passedDownHere: false });
    expect(partInCase(down, LEAD, LEAD)).toMatchObject({ lead: true, holder: false });
    const up = [...down, { at, step: 'answered_up', departmentId: COMMUNITY }];
    expect(partInCase(up, LEAD, STREET)).toMatchObject({ holder: true, passedDownHere: true });
    const top = [...up, { at, step: 'answered_up', departmentId: STREET }];
    expect(partInCase(top, LEAD, LEAD)).toMatchObject({ lead: true, holder: true, passedDownHere: false });
  });

  it('a return and a re-dispatch start afresh: no debt of the former assisting department, nothing passed down', () => {
    const steps = [
      dispatched,
      { at, step: 'passed_down', departmentId: STREET },
      { at, step: 'returned', departmentId: LEAD },
      { at, step: 'dispatched', departmentId: 'other' },
    ];
    expect(partInCase(steps, 'other', ASSIST)).toEqual({ lead: false, holder: false, passedDownHere: false });
    expect(partInCase(steps, 'other', STREET)).toMatchObject({ holder: false, passedDownHere: false });
    expect(partInCase(steps, 'other', 'other')).toMatchObject({ lead: true, holder: true });
  });

  it('a session without a department is nothing in the case', () => {
    expect(partInCase([dispatched], LEAD, undefined)).toEqual({ lead: false, holder: false, passedDownHere: false });
    expect(partInCase(undefined, undefined, undefined)).toEqual({ lead: false, holder: false, passedDownHere: false });
  });
});

describe('the units a department may pass a case down to (下派)', () => {
  it('every active unit under it, nearest first; not itself, its parent or a sibling; a cycle in the data does not loop', () => {
    const tree = [
      { id: 'city' },
      { id: 'district', parentId: 'city' },
      { id: 'other-district', parentId: 'city' },
      { id: STREET, parentId: 'district' },
      { id: 'closed-street', parentId: 'district', active: false },
      { id: COMMUNITY, parentId: STREET },
      { id: 'loop-a', parentId: 'loop-b' },
      { id: 'loop-b', parentId: 'loop-a' },
    ];
    expect(unitsUnder(tree, 'district').map((d) => d.id)).toEqual([STREET, COMMUNITY]);
    expect(unitsUnder(tree, COMMUNITY)).toEqual([]);
    expect(unitsUnder(tree, 'loop-a').map((d) => d.id)).toEqual(['loop-b']);
  });
});
