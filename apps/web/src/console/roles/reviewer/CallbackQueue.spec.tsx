import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeFetch } from '../../../test/fake-fetch';
import { address, renderScreen, staffToken } from '../../../test/render';
import { ConsoleApp } from '../../ConsoleApp';
import { signIn } from '../../session';

// 待回访: the answered cases whose caller the office calls back, with the rating window's end and the way to the 回访 form.
const item = (n: number, extra: Record<string, unknown> = {}) => ({
  petitionId: `p${n}`,
  trackingCode: `WZ20261201-000${n}`,
  title: `路灯不亮 ${n}`,
  kind: 'complaint',
  channel: 'hotline_12345',
  department: { id: 'd1', name: '市综合行政执法局' },
  respondedAt: '2026-12-01T01:00:00.000Z',
  rateBy: '2026-12-08T15:59:59.999Z',
  windowClosed: false,
  attemptsBeforeUnreachable: 3,
  workingDaysSinceAnswer: 2,
  reopenCount: 0,
  url: `/api/petitions/p${n}`,
  ...extra,
});

describe('the reviewer’s 待回访', () => {
  it('is in the reviewer’s menu and lists the cases with their 回访截止, the closed window marked, more on demand', async () => {
    fakeFetch.answer('GET /api/queues/callbacks', (seen) =>
      seen.query.get('cursor') === 'next'
        ? { status: 200, body: { items: [item(3)] } }
        : { status: 200, body: { items: [item(1), item(2, { windowClosed: true, reopenCount: 1 })], nextCursor: 'next' } },
    );
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/review' });
    fakeFetch.answer('GET /api/queues/review', { status: 200, body: { items: [] } });
    fireEvent.click(await screen.findByRole('link', { name: '待回访' }));
    await waitFor(() => expect(address()).toBe('/callbacks'));
    const first = (await screen.findByText('路灯不亮 1')).closest('tr')!;
    expect(within(first).getByText('市综合行政执法局')).toBeTruthy();
    expect(within(first).getByText('12345热线')).toBeTruthy();
    expect(within(first).getByTestId('callback-by').textContent).not.toContain('已过评价期');
    const second = screen.getByText('路灯不亮 2').closest('tr')!;
    expect(within(second).getByTestId('callback-by').textContent).toContain('已过评价期');
    expect(within(second).getByText('重办 1')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /更多|加载/ }));
    expect(await screen.findByText('路灯不亮 3')).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: '回访 WZ20261201-0001' }));
    await waitFor(() => expect(address()).toBe('/callbacks/p1'));
    // The case opened from 待回访 keeps 待回访 lit in the menu, not 案件查询.
    const lit = () => document.querySelector('.ant-menu-item-selected')?.textContent;
    await waitFor(() => expect(lit()).toBe('待回访'));
  });

  it('says when nobody waits for a call-back', async () => {
    fakeFetch.answer('GET /api/queues/callbacks', { status: 200, body: { items: [] } });
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/callbacks' });
    expect(await screen.findByText('暂无待回访的诉求')).toBeTruthy();
  });
});
