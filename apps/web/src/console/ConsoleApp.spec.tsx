import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { PetitionView, Schemas } from '../api/types';
import { label, m } from '../i18n';
import { fakeFetch } from '../test/fake-fetch';
import { address, renderScreen, staffToken } from '../test/render';
import { ConsoleApp } from './ConsoleApp';
import { signIn } from './session';

const HOUR = 3_600_000;
const at = (fromNow: number) => new Date(Date.now() + fromNow).toISOString();

const item = (id: string, due: string, kind: 'acknowledgement' | 'response' = 'response'): Schemas['DepartmentQueueItem'] =>
  ({
    petitionId: id,
    trackingCode: `WZ-${id}`,
    title: `案件 ${id}`,
    ageWorkingDays: 1,
    nextDeadline: { kind, due },
    status: kind === 'acknowledgement' ? 'dispatched' : 'in_progress',
    kind: 'complaint',
    dispatchedAt: at(-48 * HOUR),
    acknowledgeBy: due,
    respondBy: due,
    pendingExtension: false,
    escalationLevel: 0,
    reopenCount: 0,
  }) as Schemas['DepartmentQueueItem'];

const queue = (
  lists: Partial<Record<'awaitingAcknowledgement' | 'inProgress' | 'dueSoon' | 'overdue', Schemas['DepartmentQueueItem'][]>>,
) => ({
  departmentId: 'd1',
  asOf: at(0),
  dueSoonUntil: at(24 * HOUR),
  awaitingAcknowledgement: [],
  inProgress: [],
  dueSoon: [],
  overdue: [],
  coHandling: [],
  ...lists,
});

const petition = (over: Partial<PetitionView> = {}): PetitionView =>
  ({
    id: 'p1',
    trackingCode: 'WZ20261201-0001',
    title: '路灯不亮',
    content: '幸福路 12 号门口的路灯坏了一周。',
    status: 'dispatched',
    kind: 'complaint',
    channel: 'web',
    addressee: { type: 'mayor' },
    submittedAt: at(-72 * HOUR),
    departmentId: 'd1',
    acknowledged: false,
    history: [],
    steps: [],
    ...over,
  }) as unknown as PetitionView;

const asHandler = () => {
  fakeFetch.answer('GET /api/departments', { status: 200, body: { items: [{ id: 'd1', name: '市住建局' }] } });
  return signIn(staffToken('handler', 'd1'));
};

describe('the console’s guard', () => {
  it('sends a visitor without a session to sign-in, to come back to the page asked for', async () => {
    renderScreen(<ConsoleApp />, { path: '/handler/p1?tab=history' });
    await waitFor(() => expect(address()).toBe(`/sign-in?next=${encodeURIComponent('/console/handler/p1?tab=history')}`));
    expect(fakeFetch.calls('GET /api/petitions/p1')).toHaveLength(0);
  });

  it('opens a signed-in member of staff on their role’s home', async () => {
    asHandler();
    fakeFetch.answer('GET /api/queues/department', { status: 200, body: queue({}) });
    renderScreen(<ConsoleApp />, { path: '/' });
    await waitFor(() => expect(address()).toBe('/handler'));
    expect(await screen.findByRole('heading', { name: m.console.departmentQueue })).toBeTruthy();
  });

  it('names the department the token carries beside the role, from the departments list', async () => {
    fakeFetch.answer('GET /api/departments', {
      status: 200,
      body: {
        items: [
          { id: 'd0', name: '市水务局' },
          { id: 'd1', name: '市住建局' },
        ],
      },
    });
    signIn(staffToken('handler', 'd1'));
    fakeFetch.answer('GET /api/queues/department', { status: 200, body: queue({}) });
    renderScreen(<ConsoleApp />, { path: '/handler' });
    await waitFor(() => expect(screen.getByTestId('console-role').textContent).toBe(`${m.console.roles.handler} · 市住建局`));
  });

  it('names no department for a role whose token carries none', async () => {
    signIn(staffToken('supervisor'));
    fakeFetch.answer('GET /api/inbox/supervisor', { status: 200, body: { items: [] } });
    renderScreen(<ConsoleApp />, { path: '/inbox' });
    expect((await screen.findByTestId('console-role')).textContent).toBe(m.console.roles.supervisor);
  });

  it('sends to sign-in when the API answers 401', async () => {
    asHandler();
    const toSignIn = vi.fn();
    fakeFetch.answer('GET /api/queues/department', { status: 401, body: { statusCode: 401, message: 'token expired' } });
    renderScreen(<ConsoleApp />, { path: '/handler', onUnauthorized: toSignIn });
    await waitFor(() => expect(toSignIn).toHaveBeenCalledTimes(1));
    // The bearer token went with the request (the console signs every call).
    expect(fakeFetch.calls('GET /api/queues/department')).toHaveLength(1);
  });

  it('shows a 403 as a plain page, not the API’s message, and does not sign out', async () => {
    asHandler();
    const toSignIn = vi.fn();
    fakeFetch.answer('GET /api/petitions/p9', { status: 403, body: { statusCode: 403, message: 'Forbidden resource' } });
    renderScreen(<ConsoleApp />, { path: '/handler/p9', onUnauthorized: toSignIn });
    const page = await screen.findByTestId('problem-403');
    expect(page.textContent).toContain(m.console.forbidden);
    expect(screen.queryByText('Forbidden resource')).toBeNull();
    expect(toSignIn).not.toHaveBeenCalled();
    // 4xx is not asked again: one request.
    expect(fakeFetch.calls('GET /api/petitions/p9')).toHaveLength(1);
  });

  it('shows a 404 case as the plain not-found page', async () => {
    asHandler();
    fakeFetch.answer('GET /api/petitions/nope', { status: 404, body: { statusCode: 404, message: 'petition nope not found' } });
    renderScreen(<ConsoleApp />, { path: '/handler/nope' });
    expect((await screen.findByTestId('problem-404')).textContent).toContain(m.console.notFound);
    expect(screen.queryByText(/petition nope/)).toBeNull();
  });

  it('shows a path no role has as the plain not-found page, asking the API nothing', async () => {
    asHandler();
    renderScreen(<ConsoleApp />, { path: '/nowhere/at/all' });
    expect((await screen.findByTestId('problem-404')).textContent).toContain(m.console.notFound);
    expect(fakeFetch.seen.filter((s) => s.path !== '/api/departments')).toEqual([]);
  });
});

describe('the handler’s queue (本部门待办)', () => {
  it('colours each case by its deadline, red first, with the words beside the colour', async () => {
    asHandler();
    fakeFetch.answer('GET /api/queues/department', {
      status: 200,
      body: queue({
        inProgress: [item('green', at(72 * HOUR)), item('soon', at(6 * HOUR))],
        dueSoon: [item('soon', at(6 * HOUR))],
        // Its signing-for deadline passed since the API read the lists: red by the clock.
        awaitingAcknowledgement: [item('lapsed', at(-HOUR), 'acknowledgement')],
        overdue: [item('late', at(-24 * HOUR))],
      }),
    });
    renderScreen(<ConsoleApp />, { path: '/handler' });
    await screen.findByText('WZ-late');
    const rows = [...document.querySelectorAll('tr[data-light]')];
    expect(rows.map((r) => [within(r as HTMLElement).getByText(/^WZ-/).textContent, r.getAttribute('data-light')])).toEqual([
      ['WZ-late', 'red'],
      ['WZ-lapsed', 'red'],
      ['WZ-soon', 'amber'],
      ['WZ-green', 'green'],
    ]);
    // Not colour alone: each row's tag says it.
    expect(rows.map((r) => r.querySelector('.ant-tag')?.textContent)).toEqual([
      m.console.light.red,
      m.console.light.red,
      m.console.light.amber,
      m.console.light.green,
    ]);
  });
});

describe('the reviewer’s search', () => {
  it('leads an accepted case, gone from the review queue, back to its dispatch', async () => {
    signIn(staffToken('reviewer'));
    fakeFetch.answer('GET /api/petitions/p1', { status: 200, body: petition({ status: 'accepted', departmentId: undefined }) });
    renderScreen(<ConsoleApp />, { path: '/cases/p1' });
    expect((await screen.findByTestId('case-status')).textContent).toBe(label(m.status, 'accepted'));
    fireEvent.click(screen.getByRole('button', { name: m.console.dispatch }));
    await waitFor(() => expect(address()).toBe('/review/p1'));
  });
});

describe('a command refused with 409 (the case moved on)', () => {
  it('shows the state it is in now above the case and reloads the case', async () => {
    asHandler();
    let reads = 0;
    fakeFetch
      .answer('GET /api/petitions/p1', () =>
        ++reads === 1 ? { status: 200, body: petition() } : { status: 200, body: petition({ status: 'in_progress', acknowledged: true }) },
      )
      .answer('POST /api/petitions/p1/acknowledge', {
        status: 409,
        body: { statusCode: 409, error: 'Conflict', message: '案件已签收（in_progress）' },
      });
    renderScreen(<ConsoleApp />, { path: '/handler/p1' });
    expect((await screen.findByTestId('case-status')).textContent).toBe(label(m.status, 'dispatched'));
    fireEvent.click(screen.getByRole('button', { name: m.console.acknowledge }));
    const banner = await screen.findByTestId('conflict');
    expect(banner.textContent).toContain(m.console.conflict);
    expect(banner.textContent).toContain('案件已签收（in_progress）');
    expect(banner.textContent).toContain(m.console.conflictHint);
    await waitFor(() => expect(screen.getByTestId('case-status').textContent).toBe(label(m.status, 'in_progress')));
    expect(reads).toBe(2);
    // The reloaded case offers no 签收 any more; the banner stays above it.
    expect(screen.queryByRole('button', { name: m.console.acknowledge })).toBeNull();
    expect(screen.getByTestId('conflict')).toBeTruthy();
  });
});
