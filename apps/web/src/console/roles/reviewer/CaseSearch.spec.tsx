import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { m } from '../../../i18n';
import { fakeFetch } from '../../../test/fake-fetch';
import { renderScreen, staffToken } from '../../../test/render';
import { ConsoleApp } from '../../ConsoleApp';
import { signIn } from '../../session';

const item = (id: string, channel: string) => ({
  id,
  trackingCode: `WZ20261207-${id}`,
  title: `标题${id}`,
  status: 'dispatched',
  kind: 'complaint',
  channel,
  submittedAt: '2026-12-07T01:00:00.000Z',
  deadlines: {},
  redLights: [],
  overdue: false,
  escalationLevel: 0,
  pendingExtension: false,
  ageWorkingDays: 1,
  url: `/api/petitions/${id}`,
});

describe('案件查询 by channel', () => {
  it('shows each case’s channel in Chinese and sends the chosen channel once', async () => {
    fakeFetch.answer('GET /api/departments', { status: 200, body: { items: [] } });
    fakeFetch.answer('GET /api/cases', ({ query }) => ({
      status: 200,
      body: {
        items:
          query.get('channel') === 'hotline_12345' ? [item('c1', 'hotline_12345')] : [item('c1', 'hotline_12345'), item('c2', 'wechat')],
      },
    }));
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/cases' });
    const table = await screen.findByRole('table');
    expect(within(table).getByRole('columnheader', { name: m.console.channel })).toBeTruthy();
    await within(table).findByText('微信');
    expect(within(table).getByText('12345热线')).toBeTruthy();
    expect(fakeFetch.calls('GET /api/cases')[0].query.has('channel')).toBe(false);

    fireEvent.mouseDown(screen.getByLabelText(m.console.channel));
    const options = await waitFor(() => {
      const open = [...document.querySelectorAll('.ant-select-dropdown')].at(-1);
      expect(open?.querySelector('[title="12345热线"]')).toBeTruthy();
      return open!;
    });
    expect([...options.querySelectorAll('.ant-select-item-option')].map((o) => o.getAttribute('title'))).toEqual([
      '12345热线',
      '网站',
      '微信',
      '微博',
      '客户端',
      '电子邮件',
    ]);
    fireEvent.click(options.querySelector('[title="12345热线"]')!);
    fireEvent.click(screen.getByRole('button', { name: m.common.search }));
    await waitFor(() => expect(fakeFetch.calls('GET /api/cases').length).toBeGreaterThan(1));
    expect(fakeFetch.calls('GET /api/cases').at(-1)!.query.getAll('channel')).toEqual(['hotline_12345']);
    await waitFor(() => expect(within(screen.getByRole('table')).queryByText('微信')).toBeNull());
  });
});
