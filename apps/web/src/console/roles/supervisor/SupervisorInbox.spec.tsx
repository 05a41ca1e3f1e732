import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PetitionView } from '../../../api/types';
import { m } from '../../../i18n';
import { formatTime } from '../../../shared/format';
import { fakeFetch } from '../../../test/fake-fetch';
import { address, fieldMessage, renderScreen, staffToken } from '../../../test/render';
import { ConsoleApp } from '../../ConsoleApp';
import { signIn } from '../../session';

// 督办待办 → the case as the supervisor reads it (masked, as the API gives it to oversight), with the
// decisions it waits for; 期限 said per kind of item; the case page and its actions for the supervisor only.

const DEPT = 'd1';
const at = '2026-12-01T01:00:00.000Z';
const ACK_DUE = '2026-12-02T15:59:59.999Z';
const RESPOND_DUE = '2026-12-11T15:59:59.999Z';
const DECIDE_BY = '2026-12-04T15:59:59.999Z';
const REDISPATCH_BY = '2026-12-05T15:59:59.999Z';

const item = (n: number, kind: string, decision: string, extra: Record<string, unknown> = {}) => ({
  kind,
  petitionId: `p${n}`,
  trackingCode: `WZ20261201-000${n}`,
  title: `路灯不亮 ${n}`,
  department: { id: DEPT, name: '市综合行政执法局' },
  since: at,
  decision,
  detail: {},
  links: { petition: `/api/petitions/p${n}`, act: { method: 'POST', href: `/api/petitions/p${n}/x`, role: 'supervisor' } },
  ...extra,
});

const inbox = {
  asOf: at,
  counts: { extension_request: 1, unsatisfied_rating: 1, red_light: 1, auto_escalation: 1, returned: 1 },
  items: [
    item(1, 'unsatisfied_rating', 'reopen_or_close', { detail: { reopenCount: 0 } }),
    item(2, 'red_light', 'follow_up_red_light', { since: ACK_DUE, detail: { deadline: 'acknowledgement' } }),
    item(3, 'auto_escalation', 'follow_up_escalation', { detail: { level: 1, respondBy: RESPOND_DUE } }),
    item(4, 'extension_request', 'decide_extension', { dueBy: DECIDE_BY, detail: { requestedRespondBy: RESPOND_DUE } }),
    item(5, 'returned', 'redispatch', { dueBy: REDISPATCH_BY }),
  ],
};

/** An answer rated unsatisfied, as GET /api/petitions/:id gives it to a supervisor (masked). */
const unsatisfied = (): PetitionView =>
  ({
    id: 'p1',
    revision: 9,
    trackingCode: 'WZ20261201-0001',
    title: '路灯不亮 1',
    content: '学院路路灯坏了一个月，电话 1**********。',
    status: 'rated',
    lastRating: 'unsatisfied',
    kind: 'complaint',
    channel: 'web',
    addressee: { type: 'mayor' },
    citizen: { name: '张*', phone: '138****0000' },
    personalData: 'masked',
    submittedAt: at,
    departmentId: DEPT,
    acknowledged: true,
    acknowledgeBy: ACK_DUE,
    respondBy: RESPOND_DUE,
    respondedAt: '2026-12-12T02:00:00.000Z',
    answer: '已安排维修。',
    rating: { satisfaction: 'unsatisfied', comment: '路灯还是不亮', at: '2026-12-13T02:00:00.000Z' },
    history: [],
    steps: [
      { at, step: 'received' },
      { at, step: 'dispatched', departmentId: DEPT, departmentName: '市综合行政执法局', acknowledgeBy: ACK_DUE, respondBy: RESPOND_DUE },
      { at: '2026-12-02T01:00:00.000Z', step: 'acknowledged', departmentId: DEPT, onTime: true },
      { at: '2026-12-12T00:05:00.000Z', step: 'deadline_missed', departmentId: DEPT, deadline: 'response', dueAt: RESPOND_DUE },
      { at: '2026-12-12T02:00:00.000Z', step: 'answered', departmentName: '市综合行政执法局', answer: '已安排维修。', onTime: false },
      { at: '2026-12-13T02:00:00.000Z', step: 'rated', satisfaction: 'unsatisfied', comment: '路灯还是不亮' },
    ],
  }) as unknown as PetitionView;

const reference = () => {
  fakeFetch.answer('GET /api/departments', { status: 200, body: { items: [{ id: DEPT, name: '市综合行政执法局', active: true }] } });
  fakeFetch.answer('GET /api/districts', { status: 200, body: { items: [] } });
};

const lit = () => document.querySelector('.ant-menu-item-selected')?.textContent;
const dueOf = (code: string) => within(screen.getByText(code).closest('tr')!).getByTestId('inbox-due').textContent;

describe('the supervisor’s 督办待办', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-14T02:00:00.000Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('says each item’s 期限 as which: its own decision’s, or the case’s deadline that passed', async () => {
    fakeFetch.answer('GET /api/inbox/supervisor', { status: 200, body: inbox });
    signIn(staffToken('supervisor'));
    renderScreen(<ConsoleApp />, { path: '/inbox' });
    await screen.findByText('WZ20261201-0002');
    // 亮红灯: the signing-for deadline it lit on (since), marked passed
    expect(dueOf('WZ20261201-0002')).toBe(`${m.case.acknowledgeBy}：${formatTime(ACK_DUE)} ${m.case.overdue}`);
    // 自动督办: the answer deadline it was escalated for
    expect(dueOf('WZ20261201-0003')).toBe(`${m.case.respondBy}：${formatTime(RESPOND_DUE)} ${m.case.overdue}`);
    // 不满意评价: no rule sets the office a time, and the cell says so rather than staying empty
    expect(dueOf('WZ20261201-0001')).toContain(m.console.inboxDue.none);
    // the office's own deadlines: the extension's decision, the return's re-dispatch
    expect(dueOf('WZ20261201-0004')).toContain(`${m.console.inboxDue.decideBy}：${formatTime(DECIDE_BY)}`);
    expect(dueOf('WZ20261201-0005')).toBe(`${m.console.inboxDue.redispatchBy}：${formatTime(REDISPATCH_BY)}`);
  });

  it('links each row to the case, which shows what the decision needs, with 督办待办 still lit', async () => {
    fakeFetch.answer('GET /api/inbox/supervisor', { status: 200, body: inbox });
    reference();
    fakeFetch.answer('GET /api/petitions/p1', { status: 200, body: unsatisfied() });
    signIn(staffToken('supervisor'));
    renderScreen(<ConsoleApp />, { path: '/inbox' });
    fireEvent.click(await screen.findByRole('link', { name: m.console.supervision.open('WZ20261201-0001') }));
    await waitFor(() => expect(address()).toBe('/inbox/p1'));
    await waitFor(() => expect(lit()).toBe(m.console.inbox));
    // the complaint as the API lets a supervisor read it (masked)
    expect(await screen.findByText('学院路路灯坏了一个月，电话 1**********。')).toBeTruthy();
    expect(screen.getByText('张* 138****0000')).toBeTruthy();
    expect(screen.getByTestId('masked-note')).toBeTruthy();
    const oversight = screen.getByTestId('oversight');
    expect(within(oversight).getByTestId('oversight-department').textContent).toBe('市综合行政执法局');
    // the deadline missed, the answer (late), the citizen's rating and comment
    expect(
      within(oversight)
        .getAllByTestId('missed-deadline')
        .map((x) => x.textContent),
    ).toEqual([`${m.case.respondBy} ${formatTime(RESPOND_DUE)} ${m.case.overdue}`]);
    expect(within(oversight).getByTestId('oversight-answer').textContent).toContain('已安排维修。');
    expect(within(oversight).getByTestId('oversight-answer').textContent).toContain(m.case.late);
    const rating = within(oversight).getByTestId('oversight-rating').textContent;
    expect(rating).toContain(m.satisfaction.unsatisfied);
    expect(rating).toContain('路灯还是不亮');
    // the decisions an unsatisfied rating waits for, on the page too
    for (const name of [m.console.reopen, m.console.close, m.console.escalate]) expect(screen.getByRole('button', { name })).toBeTruthy();
    expect(fakeFetch.unanswered).toEqual([]);
  });

  it('a deadline passed and not yet recorded counts as missed on the case page (the reader’s clock)', async () => {
    reference();
    const p = unsatisfied();
    fakeFetch.answer('GET /api/petitions/p2', {
      status: 200,
      body: {
        ...p,
        id: 'p2',
        status: 'dispatched',
        lastRating: undefined,
        acknowledged: false,
        rating: undefined,
        answer: undefined,
        steps: p.steps!.slice(0, 2),
      },
    });
    signIn(staffToken('supervisor'));
    renderScreen(<ConsoleApp />, { path: '/inbox/p2' });
    const missed = await screen.findAllByTestId('missed-deadline');
    expect(missed.map((x) => x.textContent)).toEqual([
      `${m.case.acknowledgeBy} ${formatTime(ACK_DUE)} ${m.case.overdue}`,
      `${m.case.respondBy} ${formatTime(RESPOND_DUE)} ${m.case.overdue}`,
    ]);
    // a red light: 督办 only, no 重办 or 结案
    expect(screen.getByRole('button', { name: m.console.escalate })).toBeTruthy();
    expect(screen.queryByRole('button', { name: m.console.reopen })).toBeNull();
    expect(screen.getByText(m.console.supervision.noAnswer)).toBeTruthy();
  });

  it('a department the list does not hold is named 未知部门, never by its bare id', async () => {
    reference();
    const other = '0b9c3f0e-1111-4222-8333-944445555666';
    fakeFetch.answer('GET /api/petitions/p3', { status: 200, body: { ...unsatisfied(), id: 'p3', departmentId: other } });
    signIn(staffToken('supervisor'));
    renderScreen(<ConsoleApp />, { path: '/inbox/p3' });
    const department = await screen.findByTestId('oversight-department');
    await waitFor(() => expect(department.textContent).toBe(m.console.unknownDepartment));
    expect(document.body.textContent).not.toContain(other);
  });
});

describe('deciding in the inbox', () => {
  it('结案 marks its row handled and says what follows; 督办 says what follows and leaves the red light waiting', async () => {
    fakeFetch.answer('GET /api/inbox/supervisor', { status: 200, body: inbox });
    signIn(staffToken('supervisor'));
    renderScreen(<ConsoleApp />, { path: '/inbox' });
    const row = (code: string) => screen.getByText(code).closest('tr')!;
    await screen.findByText('WZ20261201-0002');
    fakeFetch.answer('POST /api/petitions/p2/escalate', { status: 200, body: { id: 'p2', revision: 5 } });
    fireEvent.click(within(row('WZ20261201-0002')).getByRole('button', { name: m.console.escalate }));
    fireEvent.change(await screen.findByLabelText(m.console.escalateReason), { target: { value: '超期未签收，请立即签收办理' } });
    fireEvent.click(screen.getByRole('button', { name: m.common.submit }));
    expect(await screen.findByText(m.console.supervision.next.escalated)).toBeTruthy();
    expect(within(row('WZ20261201-0002')).queryByTestId('inbox-decided')).toBeNull();
    expect(within(row('WZ20261201-0002')).getByRole('button', { name: m.console.escalate })).toBeTruthy();

    fakeFetch.answer('POST /api/petitions/p1/close', { status: 200, body: { id: 'p1', revision: 5, closeReason: 'rated' } });
    fireEvent.click(within(row('WZ20261201-0001')).getByRole('button', { name: m.console.close }));
    fireEvent.change(await screen.findByLabelText(m.console.closeReason), { target: { value: '已按政策答复并解释' } });
    fireEvent.click(screen.getAllByRole('button', { name: m.common.submit }).at(-1)!);
    expect(await screen.findByText(m.console.supervision.next.closed)).toBeTruthy();
    await waitFor(() => expect(within(row('WZ20261201-0001')).getByTestId('inbox-decided')).toBeTruthy());
  });
});

describe('deciding on the case page', () => {
  /** The unsatisfied case opened by the supervisor, its 重办 dialog open. */
  const openReopen = async () => {
    reference();
    fakeFetch.answer('GET /api/petitions/p1', { status: 200, body: unsatisfied() });
    signIn(staffToken('supervisor'));
    renderScreen(<ConsoleApp />, { path: '/inbox/p1' });
    fireEvent.click(await screen.findByRole('button', { name: m.console.reopen }));
  };

  it('重办 with a reason: says what happens next (the new deadline, the citizen told) and leads back to the inbox', async () => {
    await openReopen();
    fakeFetch.answer('POST /api/petitions/p1/reopen', {
      status: 200,
      body: { id: 'p1', revision: 10, respondBy: '2026-12-25T15:59:59.999Z' },
    });
    fakeFetch.answer('GET /api/petitions/p1', { status: 200, body: { ...unsatisfied(), status: 'in_progress', lastRating: undefined } });
    fireEvent.change(await screen.findByLabelText(m.console.reopenReason), { target: { value: '路灯仍未修复，请重新办理' } });
    fireEvent.click(screen.getByRole('button', { name: m.common.submit }));
    await waitFor(() => expect(fakeFetch.calls('POST /api/petitions/p1/reopen')).toHaveLength(1));
    expect(fakeFetch.calls('POST /api/petitions/p1/reopen')[0].body).toEqual({ reason: '路灯仍未修复，请重新办理' });
    const next = await screen.findByTestId('decision-next');
    expect(next.textContent).toContain(m.console.supervision.next.reopened(formatTime('2026-12-25T15:59:59.999Z')));
    // the case read again: reopened, it no longer offers 重办 / 结案
    await waitFor(() => expect(screen.queryByRole('button', { name: m.console.reopen })).toBeNull());
    fireEvent.click(within(next).getByRole('link', { name: m.console.supervision.backToInbox }));
    await waitFor(() => expect(address()).toBe('/inbox'));
  });

  it('a reason the API refuses is said next to the field, in Chinese', async () => {
    await openReopen();
    fakeFetch.answer('POST /api/petitions/p1/reopen', {
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'reason: must be longer than or equal to 2 characters',
        details: [{ field: 'reason', rule: 'isLength', message: 'reason must be longer than or equal to 2 characters' }],
      },
    });
    fireEvent.change(await screen.findByLabelText(m.console.reopenReason), { target: { value: '短' } });
    fireEvent.click(screen.getByRole('button', { name: m.common.submit }));
    await waitFor(() => expect(fieldMessage(m.console.reopenReason)).toBe(m.validation.atLeast('2')));
    expect(screen.queryByTestId('decision-next')).toBeNull();
  });

  it('a case that waits for nothing from the office offers no decision', async () => {
    reference();
    fakeFetch.answer('GET /api/petitions/p1', { status: 200, body: { ...unsatisfied(), status: 'closed', lastRating: 'satisfied' } });
    signIn(staffToken('supervisor'));
    renderScreen(<ConsoleApp />, { path: '/inbox/p1' });
    expect(await screen.findByTestId('nothing-to-decide')).toBeTruthy();
    for (const name of [m.console.reopen, m.console.close, m.console.escalate]) expect(screen.queryByRole('button', { name })).toBeNull();
  });
});

describe('the supervisor’s screens are the supervisor’s', () => {
  it.each(['handler', 'reviewer', 'auditor'])('a %s who types the address gets 403, no case and no decision', async (role) => {
    reference();
    fakeFetch.answer('GET /api/petitions/p1', { status: 200, body: unsatisfied() });
    fakeFetch.answer('GET /api/inbox/supervisor', { status: 200, body: inbox });
    signIn(staffToken(role, role === 'handler' ? DEPT : undefined));
    for (const path of ['/inbox/p1', '/inbox']) {
      const { unmount } = renderScreen(<ConsoleApp />, { path });
      expect(await screen.findByTestId('problem-403')).toBeTruthy();
      expect(screen.queryByRole('button', { name: m.console.reopen })).toBeNull();
      expect(screen.queryByRole('button', { name: m.console.escalate })).toBeNull();
      unmount();
    }
    // the screen did not even ask for the case or the inbox
    expect(fakeFetch.calls('GET /api/petitions/p1')).toHaveLength(0);
    expect(fakeFetch.calls('GET /api/inbox/supervisor')).toHaveLength(0);
  });
});
