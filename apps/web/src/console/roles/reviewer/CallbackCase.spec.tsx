import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PetitionView } from '../../../api/types';
import { fakeFetch } from '../../../test/fake-fetch';
import { address, fieldMessage, renderScreen, staffToken } from '../../../test/render';
import { ConsoleApp } from '../../ConsoleApp';
import { signIn } from '../../session';

// 回访 is for cases no citizen holds the key of (the API's ratedByCallBack): the form is offered on those
// only; on any other the submitter rates it, and the page says so (the API refuses it, 409).
const answered = (channel: string, ratedByCallBack: boolean): PetitionView => {
  const at = '2026-12-01T01:00:00.000Z';
  return {
    id: 'p1',
    trackingCode: 'WZ20261201-0001',
    title: '路灯不亮',
    content: '学院路路灯坏了。',
    status: 'responded',
    kind: 'complaint',
    channel,
    ratedByCallBack,
    addressee: { type: 'mayor' },
    submittedAt: at,
    departmentId: 'd1',
    acknowledged: true,
    history: [],
    steps: [{ at, step: 'responded', departmentId: 'd1' }],
  } as unknown as PetitionView;
};

describe('the reviewer’s answered case (回访)', () => {
  it.each([
    ['hotline_12345', true],
    ['app', true], // an Open311 report: the API says so (ratedByCallBack)
    ['web', false],
    ['app', false],
  ])('on a case that came in by %s offers the call-back form as the API says (ratedByCallBack: %s)', async (channel, offered) => {
    fakeFetch.answer('GET /api/departments', { status: 200, body: { items: [{ id: 'd1', name: '市综合行政执法局', active: true }] } });
    fakeFetch.answer('GET /api/districts', { status: 200, body: { items: [] } });
    fakeFetch.answer('GET /api/petitions/p1', { status: 200, body: answered(channel, offered) });
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/cases/p1' });
    await screen.findByText('路灯不亮');
    if (offered) {
      expect(await screen.findByRole('button', { name: '记录回访' })).toBeTruthy();
      expect(screen.queryByTestId('callback-not-for-channel')).toBeNull();
    } else {
      expect((await screen.findByTestId('callback-not-for-channel')).textContent).toContain('自行评价');
      expect(screen.queryByRole('button', { name: '记录回访' })).toBeNull();
    }
  });
});

describe('an answered call whose caller’s data was erased', () => {
  it('offers no 回访 form and says why (no phone; the API refuses it)', async () => {
    fakeFetch.answer('GET /api/departments', { status: 200, body: { items: [{ id: 'd1', name: '市综合行政执法局', active: true }] } });
    fakeFetch.answer('GET /api/districts', { status: 200, body: { items: [] } });
    fakeFetch.answer('GET /api/petitions/p1', {
      status: 200,
      body: { ...answered('hotline_12345', true), citizen: { erased: true } },
    });
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/cases/p1' });
    expect((await screen.findByTestId('callback-erased')).textContent).toContain('无法回访');
    expect(screen.queryByRole('button', { name: '记录回访' })).toBeNull();
  });
});

describe('the 回访 form says the rules before the API refuses them', () => {
  // The reader's clock decides whether 回访截止 has passed: it is fixed before the deadlines below.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-03T02:00:00.000Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('shows 回访截止 and the kind’s attempts before unreachable, and refuses fewer attempts without a request', async () => {
    fakeFetch.answer('GET /api/departments', { status: 200, body: { items: [{ id: 'd1', name: '市综合行政执法局', active: true }] } });
    fakeFetch.answer('GET /api/districts', { status: 200, body: { items: [] } });
    fakeFetch.answer('GET /api/policies', {
      status: 200,
      body: {
        items: [
          { kind: 'complaint', callbackAttempts: 4 },
          { kind: 'help', callbackAttempts: 2 },
        ],
      },
    });
    fakeFetch.answer('GET /api/petitions/p1', {
      status: 200,
      body: { ...answered('hotline_12345', true), rateBy: '2026-12-08T15:59:59.999Z' },
    });
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/cases/p1' });
    expect((await screen.findByTestId('callback-deadline')).textContent).toMatch(/^回访截止（评价期限）：2026/);
    fireEvent.click(screen.getByLabelText('无法联系'));
    expect((await screen.findByTestId('attempts-rule')).textContent).toBe('至少回访 4 次仍无法联系，方可记为无法联系。');
    fireEvent.change(screen.getByLabelText('回访次数'), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: '记录回访' }));
    await waitFor(() => expect(fieldMessage('回访次数')).toContain('回访不足 4 次，不能记为无法联系'));
    expect(fakeFetch.calls('POST /api/petitions/p1/rate')).toHaveLength(0);
    fakeFetch.answer('POST /api/petitions/p1/rate', { status: 200, body: { id: 'p1', revision: 9, status: 'closed' } });
    fireEvent.change(screen.getByLabelText('回访次数'), { target: { value: '4' } });
    fireEvent.click(screen.getByRole('button', { name: '记录回访' }));
    await waitFor(() => expect(fakeFetch.calls('POST /api/petitions/p1/rate')).toHaveLength(1));
    expect(fakeFetch.calls('POST /api/petitions/p1/rate')[0].body).toEqual({ via: 'callback', outcome: 'unreachable', attempts: 4 });
  });
});

describe('the 回访 form: whole calls, and nothing to submit once 回访截止 has passed', () => {
  const open = (rateBy: string) => {
    fakeFetch.answer('GET /api/departments', { status: 200, body: { items: [{ id: 'd1', name: '市综合行政执法局', active: true }] } });
    fakeFetch.answer('GET /api/districts', { status: 200, body: { items: [] } });
    fakeFetch.answer('GET /api/policies', { status: 200, body: { items: [{ kind: 'complaint', callbackAttempts: 4 }] } });
    fakeFetch.answer('GET /api/petitions/p1', { status: 200, body: { ...answered('hotline_12345', true), rateBy } });
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/cases/p1' });
  };
  afterEach(() => vi.useRealTimers());

  it.each([
    ['4.5', '回访次数只填数字，须为正整数'],
    // antd's number input reads an exponent: 1e1 would go as 10 calls, 4e0 as 4, none of them typed as such.
    ['1e1', '回访次数只填数字，须为正整数'],
    ['4e0', '回访次数只填数字，须为正整数'],
    ['0x5', '回访次数只填数字，须为正整数'],
    ['-4', '回访次数只填数字，须为正整数'],
    ['21', '回访次数为 1 至 20 次'],
    ['3', '至少回访 4 次仍无法联系'],
  ])('回访次数 takes whole numbers only: %s is refused without a request (the API answers 400)', async (typed, said) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-03T02:00:00.000Z'));
    open('2026-12-08T15:59:59.999Z');
    fireEvent.click(await screen.findByLabelText('无法联系'));
    await screen.findByTestId('attempts-rule');
    fireEvent.change(screen.getByLabelText('回访次数'), { target: { value: typed } });
    fireEvent.click(screen.getByRole('button', { name: '记录回访' }));
    await waitFor(() => expect(fieldMessage('回访次数')).toContain(said));
    expect(fakeFetch.calls('POST /api/petitions/p1/rate')).toHaveLength(0);
  });

  it('回访次数 typed with a Chinese keyboard’s full-width digits counts them', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-03T02:00:00.000Z'));
    open('2026-12-08T15:59:59.999Z');
    fireEvent.click(await screen.findByLabelText('无法联系'));
    await screen.findByTestId('attempts-rule');
    fireEvent.change(screen.getByLabelText('回访次数'), { target: { value: '５' } });
    fireEvent.click(screen.getByRole('button', { name: '记录回访' }));
    await waitFor(() => expect(fakeFetch.calls('POST /api/petitions/p1/rate')).toHaveLength(1));
    expect(fakeFetch.calls('POST /api/petitions/p1/rate')[0].body).toEqual({ via: 'callback', outcome: 'unreachable', attempts: 5 });
  });

  it('after 回访截止 says the window closed and the case closes by itself as 逾期未评价, and offers no submit', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-09T01:00:00.000Z'));
    open('2026-12-08T15:59:59.999Z');
    const closed = await screen.findByTestId('callback-window-closed');
    expect(closed.textContent).toContain('回访截止（评价期限）2026/12/08 23:59 已过，不能再记录回访结果');
    expect(closed.textContent).toContain('将由系统按“逾期未评价”自动办结');
    expect(screen.getByTestId('callback-deadline').textContent).toBe('回访截止（评价期限）：2026/12/08 23:59');
    expect(screen.queryByRole('button', { name: '记录回访' })).toBeNull();
    expect(screen.queryByLabelText('无法联系')).toBeNull();
    expect(fakeFetch.calls('POST /api/petitions/p1/rate')).toHaveLength(0);
  });

  it('a page left open turns when 回访截止 passes', async () => {
    open(new Date(Date.now() + 1500).toISOString());
    expect(await screen.findByRole('button', { name: '记录回访' })).toBeTruthy();
    expect(await screen.findByTestId('callback-window-closed', {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.queryByRole('button', { name: '记录回访' })).toBeNull();
  });
});

describe('the reviewer’s case page: what the office does next', () => {
  const open = (view: PetitionView) => {
    fakeFetch.answer('GET /api/departments', { status: 200, body: { items: [{ id: 'd1', name: '市综合行政执法局', active: true }] } });
    fakeFetch.answer('GET /api/districts', { status: 200, body: { items: [] } });
    fakeFetch.answer('GET /api/petitions/p1', { status: 200, body: view });
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/cases/p1' });
  };
  const awaiting = (ratedByCallBack: boolean): PetitionView =>
    ({
      ...answered(ratedByCallBack ? 'hotline_12345' : 'web', ratedByCallBack),
      status: 'in_progress',
      awaitingInformation: {
        question: '请补充楼栋单元号。',
        requestedAt: '2026-12-01T01:00:00.000Z',
        supplyBy: '2026-12-08T15:59:59.999Z',
      },
    }) as unknown as PetitionView;

  it('a case waiting for review (a call just entered) leads to its review', async () => {
    open({ ...answered('hotline_12345', true), status: 'submitted' } as unknown as PetitionView);
    fireEvent.click(await screen.findByRole('button', { name: '受理审核' }));
    await waitFor(() => expect(address()).toBe('/review/p1'));
  });

  it('补充材料 asked of a caller without a key: the office enters what they said, by call-back', async () => {
    open(awaiting(true));
    expect((await screen.findByTestId('information-asked')).textContent).toContain('请补充楼栋单元号。');
    fakeFetch.answer('POST /api/petitions/p1/information', {
      status: 200,
      body: { id: 'p1', revision: 7, respondBy: '2026-12-12T15:59:59.999Z' },
    });
    fireEvent.change(screen.getByLabelText('来电人补充的内容（按来电如实记录）'), { target: { value: '3号楼2单元东侧。' } });
    fireEvent.click(screen.getByRole('button', { name: '提交补充材料' }));
    await waitFor(() => expect(fakeFetch.calls('POST /api/petitions/p1/information')).toHaveLength(1));
    expect(fakeFetch.calls('POST /api/petitions/p1/information')[0].body).toEqual({ via: 'callback', text: '3号楼2单元东侧。' });
  });

  it('not on a case its citizen supplies with the key', async () => {
    open(awaiting(false));
    await screen.findByText('路灯不亮');
    expect(screen.queryByRole('button', { name: '提交补充材料' })).toBeNull();
  });
});
