import { cleanup, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Steps } from './Steps';

// The dispatch as staff read it names the assisting departments (协办) and their due dates: the
// step showed the lead alone, so a handler could not see who else was asked, nor by when.
describe('the handling steps', () => {
  it('show the assisting departments of a dispatch with their 协办时限', () => {
    render(
      <Steps
        steps={[
          {
            at: '2026-12-01T04:34:11.785Z',
            step: 'dispatched',
            departmentName: '市综合行政执法局',
            assisting: [{ departmentName: '洞头区人民政府', contributeBy: '2026-12-08T15:59:59.999Z' }],
          },
        ]}
      />,
    );
    expect(screen.getByTestId('step-assisting').textContent).toMatch(/^协办单位：洞头区人民政府（协办时限 2026\/12\/08 23:59）$/);
  });
});

// A deadline passed with its step not done showed the bare date, while done steps carried 按期/超期:
// a reader could not tell a late case from one still in time.
describe('a passed deadline not met', () => {
  const now = new Date('2026-01-10T00:00:00Z');
  const dispatched = {
    at: '2025-12-31T02:00:00Z',
    step: 'dispatched',
    departmentName: '市综合行政执法局',
    acknowledgeBy: '2026-01-04T15:59:59.999Z',
    respondBy: '2026-01-13T15:59:59.999Z',
  };
  const tags = () => screen.queryAllByTestId('deadline-overdue').map((t) => t.parentElement?.textContent);

  it('is marked 已超期 beside the 签收期限 while not signed for, the answer deadline still to come', () => {
    render(<Steps steps={[dispatched]} now={now} />);
    expect(tags()).toEqual(['签收期限：2026/01/04 23:59 已超期']);
  });

  it('is not marked once signed for, and the answer deadline is marked once passed and not answered', () => {
    render(
      <Steps
        steps={[dispatched, { at: '2026-01-05T01:00:00Z', step: 'acknowledged', acknowledgeBy: dispatched.acknowledgeBy, onTime: false }]}
        now={new Date('2026-01-20T00:00:00Z')}
      />,
    );
    expect(tags()).toEqual(['答复期限：2026/01/13 23:59 已超期']);
    expect(screen.getByText('超期')).toBeTruthy();
  });

  it('follows the deadline an extension set, and is not marked once answered or without a clock', () => {
    const extended = { at: '2026-01-12T01:00:00Z', step: 'extended', respondBy: '2026-01-27T15:59:59.999Z' };
    const { unmount } = render(
      <Steps steps={[dispatched, { at: '2026-01-02T01:00:00Z', step: 'acknowledged' }, extended]} now={new Date('2026-01-20T00:00:00Z')} />,
    );
    expect(tags()).toEqual([]);
    unmount();
    render(
      <Steps
        steps={[
          dispatched,
          { at: '2026-01-02T01:00:00Z', step: 'acknowledged' },
          { at: '2026-01-15T01:00:00Z', step: 'answered', onTime: false },
        ]}
        now={new Date('2026-01-20T00:00:00Z')}
      />,
    );
    expect(tags()).toEqual([]);
  });

  it('is not marked without a time to compare with (the console passes none)', () => {
    render(<Steps steps={[dispatched]} />);
    expect(tags()).toEqual([]);
  });
});

// 补充材料 the hotline office entered after a call (回访) read as the caller's own words.
describe('information supplied by call-back', () => {
  const supplied = (via?: string) => ({
    at: '2026-12-02T02:00:00Z',
    step: 'information_supplied',
    text: '3号楼2单元东侧。',
    ...(via && { via }),
  });

  it('says the hotline entered what the caller said', () => {
    render(<Steps steps={[supplied('callback')]} />);
    expect(screen.getByTestId('supplied-by-callback').textContent).toBe('来电补充，由热线工作人员录入');
  });

  it('says nothing of the kind for the submitter’s own', () => {
    render(<Steps steps={[supplied()]} />);
    expect(screen.queryByTestId('supplied-by-callback')).toBeNull();
  });
});

describe('回访 in the steps: an auditor tells a call-back from the citizen’s own rating and from a lapsed window', () => {
  const at = '2026-12-01T01:00:00.000Z';
  it('a rating the office took by call-back says so; the citizen’s own does not', () => {
    render(<Steps steps={[{ at, step: 'rated', satisfaction: 'basically_satisfied', via: 'callback' }]} />);
    expect(screen.getByTestId('rated-by-callback').textContent).toBe('回访评价，由热线工作人员录入');
    cleanup();
    render(<Steps steps={[{ at, step: 'rated', satisfaction: 'satisfied' }]} />);
    expect(screen.queryByTestId('rated-by-callback')).toBeNull();
  });

  it('a case closed as the caller was unreachable says the attempts, not 逾期未评价', () => {
    render(<Steps steps={[{ at, step: 'closed', reason: 'no_rating_in_time', via: 'callback', callbackAttempts: 3 }]} />);
    const text = screen.getByTestId('step').textContent ?? '';
    expect(text).toContain('回访 3 次未能联系，办结（不计评价）');
    expect(text).not.toContain('逾期未评价');
    cleanup();
    render(<Steps steps={[{ at, step: 'closed', reason: 'no_rating_in_time' }]} />);
    expect(screen.getByTestId('step').textContent).toContain('逾期未评价，自动办结');
  });
});
