import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { m } from '../../../i18n';
import { fakeFetch } from '../../../test/fake-fetch';
import { address, back, fieldMessage, renderScreen, staffToken } from '../../../test/render';
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

/** The filters of the address bar (decoded). */
const inUrl = () => Object.fromEntries(new URLSearchParams(address()!.split('?')[1] ?? ''));
const lastSearch = () => Object.fromEntries(fakeFetch.calls('GET /api/cases').at(-1)!.query);

/** The reference data the filters offer, and cases whose title says the words searched for. */
function answerSearches() {
  fakeFetch.answer('GET /api/departments', { status: 200, body: { items: [] } });
  fakeFetch.answer('GET /api/categories', { status: 200, body: { items: [] } });
  fakeFetch.answer('GET /api/public/mailboxes', { status: 200, body: { items: [] } });
  fakeFetch.answer('GET /api/cases', ({ query }) => ({
    status: 200,
    body: { items: [{ ...item('c1', 'web'), title: `${query.get('q') ?? '全部'}的案件` }] },
  }));
}

describe('案件查询 keeps its filters in the URL', () => {
  it('searches by the filters a link carries, shows them, puts new ones in the URL, and Back brings the former back', async () => {
    answerSearches();
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/cases?q=路灯&status=dispatched&channel=hotline_12345&overdue=true&from=2026-10-01' });
    await screen.findByRole('link', { name: '路灯的案件' });
    expect(lastSearch()).toEqual({
      q: '路灯',
      status: 'dispatched',
      channel: 'hotline_12345',
      overdue: 'true',
      from: '2026-10-01',
      limit: '50',
    });
    const keyword = screen.getByLabelText(m.console.keyword) as HTMLInputElement;
    expect(keyword.value).toBe('路灯');
    expect((screen.getByLabelText(m.console.submittedFrom) as HTMLInputElement).value).toBe('2026-10-01');
    expect((screen.getByRole('checkbox', { name: m.console.overdueOnly }) as HTMLInputElement).checked).toBe(true);

    fireEvent.change(keyword, { target: { value: '噪音' } });
    fireEvent.click(screen.getByRole('checkbox', { name: m.console.overdueOnly }));
    fireEvent.click(screen.getByRole('button', { name: m.common.search }));
    await screen.findByRole('link', { name: '噪音的案件' });
    expect(inUrl()).toEqual({ q: '噪音', status: 'dispatched', channel: 'hotline_12345', from: '2026-10-01' });
    expect(lastSearch()).toEqual({ ...inUrl(), limit: '50' });

    back();
    await screen.findByRole('link', { name: '路灯的案件' });
    expect(inUrl()).toEqual({ q: '路灯', status: 'dispatched', channel: 'hotline_12345', overdue: 'true', from: '2026-10-01' });
    await waitFor(() => expect((screen.getByLabelText(m.console.keyword) as HTMLInputElement).value).toBe('路灯'));
    expect((screen.getByRole('checkbox', { name: m.console.overdueOnly }) as HTMLInputElement).checked).toBe(true);
  });

  it('leaves out what in the URL is no filter, or no value of one, and still searches', async () => {
    answerSearches();
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, {
      path: '/cases?status=lost&kind=letter&channel=fax&from=2026-02-30&to=yesterday&overdue=yes&escalated=1&limit=1000&cursor=x&foo=1',
    });
    await screen.findByRole('link', { name: '全部的案件' });
    expect(lastSearch()).toEqual({ limit: '50' });
    expect((screen.getByLabelText(m.console.submittedFrom) as HTMLInputElement).value).toBe('');
  });

  it('never puts the phone searched by in the URL, nor keeps one a link carries', async () => {
    answerSearches();
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/cases?phone=13912345678&q=路灯' });
    await screen.findByRole('link', { name: '路灯的案件' });
    await waitFor(() => expect(address()).toBe(`/cases?q=${encodeURIComponent('路灯')}`));
    expect(fakeFetch.calls('GET /api/cases').some((c) => c.query.has('phone'))).toBe(false);

    fireEvent.change(screen.getByLabelText(m.console.phone), { target: { value: '138 1234 5678' } });
    fireEvent.click(screen.getByRole('button', { name: m.common.search }));
    await waitFor(() => expect(lastSearch()).toEqual({ q: '路灯', phone: '138 1234 5678', limit: '50' }));
    fireEvent.click(screen.getByRole('checkbox', { name: m.console.escalatedOnly }));
    fireEvent.click(screen.getByRole('button', { name: m.common.search }));
    await waitFor(() => expect(lastSearch()).toEqual({ q: '路灯', escalated: 'true', phone: '138 1234 5678', limit: '50' }));
    expect(inUrl()).toEqual({ q: '路灯', escalated: 'true' });
    expect(address()).not.toMatch(/phone|1234/);
  });

  it('Back from a case to a search by phone searches by it again (kept in memory, not the URL)', async () => {
    answerSearches();
    fakeFetch.answer('GET /api/petitions/c1', { status: 404, body: { statusCode: 404, message: 'not found' } });
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/cases?status=closed' });
    await screen.findByRole('link', { name: '全部的案件' });
    fireEvent.change(screen.getByLabelText(m.console.phone), { target: { value: '0577-88123456' } });
    fireEvent.click(screen.getByRole('button', { name: m.common.search }));
    await waitFor(() => expect(lastSearch()).toEqual({ status: 'closed', phone: '0577-88123456', limit: '50' }));
    fireEvent.click(await screen.findByRole('link', { name: '全部的案件' }));
    await waitFor(() => expect(address()).toBe('/cases/c1'));
    back();
    await waitFor(() => expect(address()).toBe('/cases?status=closed'));
    expect(((await screen.findByLabelText(m.console.phone)) as HTMLInputElement).value).toBe('0577-88123456');
    await waitFor(() => expect(lastSearch()).toEqual({ status: 'closed', phone: '0577-88123456', limit: '50' }));
    expect(address()).not.toMatch(/0577|88123456/);
  });
});

/** A 400 of the API: one problem, by its field and rule (apps/api/src/http/validation.ts). */
const ruleRefusal = (field: string, rule: string, text: string) => ({
  status: 400,
  body: { statusCode: 400, error: 'Bad Request', message: `${field}: ${text}`, details: [{ field, rule, message: `${field}: ${text}` }] },
});

describe('案件查询 from a link with filters it cannot read', () => {
  it('says which it left out (a status that is none, a date that is none) and searches by the rest', async () => {
    answerSearches();
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/cases?status=bogus&from=2025-13-01&kind=complaint' });
    const notice = await screen.findByTestId('filters-ignored');
    expect(notice.textContent).toContain(`${m.listing.status}、${m.console.submittedFrom}`);
    expect(notice.textContent).not.toContain(m.submit.kind);
    await waitFor(() => expect(fakeFetch.calls('GET /api/cases').length).toBeGreaterThan(0));
    const query = fakeFetch.calls('GET /api/cases').at(-1)!.query;
    expect([query.get('kind'), query.get('status'), query.get('from')]).toEqual(['complaint', null, null]);
  });

  it('says nothing for a link it reads whole', async () => {
    answerSearches();
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/cases?status=closed&from=2025-12-01' });
    await screen.findByRole('table');
    expect(screen.queryByTestId('filters-ignored')).toBeNull();
  });
});

describe('案件查询 refused by the API (400)', () => {
  it('tells a tracking code the API refuses next to 查询码, in Chinese; the same search again asks again', async () => {
    answerSearches();
    fakeFetch.answer(
      'GET /api/cases',
      ruleRefusal('trackingCode', 'isPetitionRef', 'must be a petition id (UUID) or a tracking code WZyyyymmdd-XXXXXXXXXX'),
    );
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/cases?trackingCode=WZ123' });
    await waitFor(() => expect(fieldMessage(m.console.trackingCode)).toBe('查询码格式不正确（如 WZ20261012-7K3M9Q2XAB）'));
    expect(screen.queryByText(m.console.searchRefused)).toBeNull();
    expect(document.body.textContent).not.toMatch(/must be/);

    fireEvent.click(screen.getByRole('button', { name: m.common.search }));
    await waitFor(() => expect(fakeFetch.calls('GET /api/cases')).toHaveLength(2));
    await waitFor(() => expect(fieldMessage(m.console.trackingCode)).toBe('查询码格式不正确（如 WZ20261012-7K3M9Q2XAB）'));
  });

  it('tells a phone the API refuses next to 手机号码, and takes it away once a good one finds cases', async () => {
    answerSearches();
    fakeFetch.answer('GET /api/cases', ({ query }) =>
      query.get('phone') === '12345'
        ? ruleRefusal('phone', 'isPhoneNumber', 'must be a mainland mobile number or a landline with area code')
        : { status: 200, body: { items: [item('c1', 'hotline_12345')] } },
    );
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/cases' });
    await screen.findByRole('table');
    fireEvent.change(screen.getByLabelText(m.console.phone), { target: { value: '12345' } });
    fireEvent.click(screen.getByRole('button', { name: m.common.search }));
    await waitFor(() => expect(fieldMessage(m.console.phone)).toBe('请输入正确的手机号码（11 位）或带区号的固定电话'));
    expect(screen.queryByRole('table')).toBeNull();

    fireEvent.change(screen.getByLabelText(m.console.phone), { target: { value: '13812345678' } });
    fireEvent.click(screen.getByRole('button', { name: m.common.search }));
    await screen.findByText('WZ20261207-c1');
    expect(fieldMessage(m.console.phone)).toBe('');
  });

  it('tells an end date before the start next to it, by the rule the API names', async () => {
    answerSearches();
    fakeFetch.answer('GET /api/cases', ruleRefusal('to', 'isNotBefore', 'must not be before from'));
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/cases?from=2026-10-31&to=2026-10-01' });
    await waitFor(() => expect(fieldMessage(m.console.submittedTo)).toBe(m.validation.rules.isNotBefore));
    expect(fieldMessage(m.console.submittedFrom)).toBe('');
  });

  it('shows a problem naming no field of the form above the results, in Chinese where it can', async () => {
    answerSearches();
    fakeFetch.answer('GET /api/cases', ruleRefusal('limit', 'max', 'must not be greater than 100'));
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/cases' });
    const banner = (await screen.findByText(m.console.searchRefused)).closest('[role="alert"]')!;
    expect(banner.textContent).toContain('limit: 不能大于 100');
    expect(screen.queryByRole('table')).toBeNull();
  });
});
