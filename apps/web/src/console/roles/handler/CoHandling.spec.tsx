import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PetitionView } from '../../../api/types';
import { m } from '../../../i18n';
import { fakeFetch } from '../../../test/fake-fetch';
import { fieldMessage, renderScreen, staffToken } from '../../../test/render';
import { ConsoleApp } from '../../ConsoleApp';
import { signIn } from '../../session';

// 主办/协办, 下派 and 承办人 on the handler's case page: each department is offered only what the
// API takes from it (co-handling.ts reads its part from the staff steps), and each form sends its route.

const LEAD = 'd-district';
const ASSIST = 'd-bureau';
const STREET = 'd-street';
const COMMUNITY = 'd-community';
const OTHER = 'd-other';
const DUE = '2026-12-08T15:59:59.999Z';
const at = '2026-12-01T01:00:00.000Z';

const departments = [
  { id: LEAD, name: '鹿城区人民政府', active: true },
  { id: ASSIST, name: '市住建局', active: true },
  { id: STREET, name: '五马街道', active: true, parentId: LEAD },
  { id: COMMUNITY, name: '墨池社区', active: true, parentId: STREET },
  { id: OTHER, name: '龙湾区人民政府', active: true },
];

const dispatched = { at, step: 'dispatched', departmentId: LEAD, assisting: [{ departmentId: ASSIST, contributeBy: DUE }] };

const petition = (steps: object[]): PetitionView =>
  ({
    id: 'p1',
    trackingCode: 'WZ20261201-0001',
    title: '井盖缺失',
    content: '五马街 1 号门口井盖缺失。',
    status: 'in_progress',
    kind: 'complaint',
    channel: 'web',
    addressee: { type: 'mayor' },
    submittedAt: at,
    departmentId: LEAD,
    acknowledged: true,
    history: [],
    steps,
  }) as unknown as PetitionView;

function openCase(departmentId: string, steps: object[]) {
  fakeFetch.answer('GET /api/departments', { status: 200, body: { items: departments } });
  fakeFetch.answer('GET /api/petitions/p1', { status: 200, body: petition(steps) });
  signIn(staffToken('handler', departmentId));
  renderScreen(<ConsoleApp />, { path: '/handler/p1' });
}

const heading = (name: string) => screen.queryByRole('heading', { name });

describe('协办: an assisting department', () => {
  it('is offered its contribution to the lead, with the lead and the due date, and nothing of the lead’s', async () => {
    openCase(ASSIST, [dispatched]);
    expect(await screen.findByRole('heading', { name: m.console.assistance })).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('assistance-due').textContent).toContain('鹿城区人民政府'));
    expect(heading(m.console.respond)).toBeNull();
    expect(heading(m.console.return)).toBeNull();
    expect(heading(m.console.passDown)).toBeNull();
    expect(heading(m.console.assignHandler)).toBeNull();

    fakeFetch.answer('POST /api/petitions/p1/assistance', { status: 200, body: { onTime: true } });
    fireEvent.change(screen.getByLabelText(m.console.assistanceText), { target: { value: '道路开挖许可已核发' } });
    fireEvent.click(screen.getByRole('button', { name: m.console.sendAssistance }));
    await waitFor(() => expect(fakeFetch.calls('POST /api/petitions/p1/assistance')).toHaveLength(1));
    expect(fakeFetch.calls('POST /api/petitions/p1/assistance')[0].body).toEqual({ text: '道路开挖许可已核发' });
  });

  it('once it contributed, is offered nothing', async () => {
    openCase(ASSIST, [dispatched, { at, step: 'assistance_provided', departmentId: ASSIST }]);
    await screen.findByTestId('case-status');
    await waitFor(() => expect(fakeFetch.calls('GET /api/departments').length).toBeGreaterThan(0));
    expect(heading(m.console.assistance)).toBeNull();
    expect(heading(m.console.respond)).toBeNull();
  });
});

describe('下派: the lead and the unit it passed the case to', () => {
  it('the lead may pass it down to the units under it only, and names its handler (承办人)', async () => {
    openCase(LEAD, [dispatched, { at, step: 'acknowledged', departmentId: LEAD }]);
    expect(await screen.findByRole('heading', { name: m.console.passDown })).toBeTruthy();
    expect(heading(m.console.respond)).toBeTruthy();
    expect(heading(m.console.assistance)).toBeNull();
    expect(heading(m.console.answerUp)).toBeNull();

    fireEvent.mouseDown(screen.getByLabelText(m.console.passDownTo));
    await waitFor(() => expect(document.querySelectorAll('.ant-select-item-option').length).toBe(2));
    const offered = [...document.querySelectorAll('.ant-select-item-option')].map((o) => o.textContent);
    expect(offered).toEqual(['五马街道', '墨池社区']);

    fakeFetch.answer('POST /api/petitions/p1/handler', { status: 200, body: { handlerId: 'h', handlerName: '李工' } });
    fireEvent.change(screen.getByLabelText(m.console.handlerName), { target: { value: ' 李工 ' } });
    fireEvent.click(screen.getByRole('button', { name: m.console.assignHandler }));
    await waitFor(() => expect(fakeFetch.calls('POST /api/petitions/p1/handler')).toHaveLength(1));
    expect(fakeFetch.calls('POST /api/petitions/p1/handler')[0].body).toEqual({ handlerName: '李工' });
  });

  it('the unit holding it answers up and may pass it further down, but does not answer the citizen', async () => {
    const steps = [dispatched, { at, step: 'acknowledged', departmentId: LEAD }, { at, step: 'passed_down', departmentId: STREET }];
    openCase(STREET, steps);
    expect(await screen.findByRole('heading', { name: m.console.answerUp })).toBeTruthy();
    expect(heading(m.console.respond)).toBeNull();
    expect(heading(m.console.assignHandler)).toBeNull();
    // It may pass it further down, to the community under it.
    expect(await screen.findByRole('heading', { name: m.console.passDown })).toBeTruthy();

    fakeFetch.answer('POST /api/petitions/p1/answer-up', { status: 200, body: { toDepartmentId: LEAD } });
    fireEvent.change(screen.getByLabelText(m.console.answerUpText), { target: { value: '井盖已更换' } });
    fireEvent.click(screen.getByRole('button', { name: m.console.sendAnswerUp }));
    await waitFor(() => expect(fakeFetch.calls('POST /api/petitions/p1/answer-up')).toHaveLength(1));
    expect(fakeFetch.calls('POST /api/petitions/p1/answer-up')[0].body).toEqual({ text: '井盖已更换' });
  });

  it('a 400 naming departmentId is shown next to the unit field', async () => {
    openCase(LEAD, [dispatched, { at, step: 'acknowledged', departmentId: LEAD }]);
    await screen.findByRole('heading', { name: m.console.passDown });
    fakeFetch.answer('POST /api/petitions/p1/pass-down', {
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: 'departmentId: is not a unit under d-district in the department tree' },
    });
    fireEvent.mouseDown(screen.getByLabelText(m.console.passDownTo));
    fireEvent.click(await screen.findByTitle('五马街道'));
    fireEvent.click(screen.getAllByRole('button', { name: m.console.passDown }).at(-1)!);
    await waitFor(() => expect(fakeFetch.calls('POST /api/petitions/p1/pass-down')).toHaveLength(1));
    expect(fakeFetch.calls('POST /api/petitions/p1/pass-down')[0].body).toEqual({ departmentId: STREET });
    await waitFor(() => expect(fieldMessage(m.console.passDownTo)).toContain('is not a unit under'));
  });
});

describe('the department’s queue: 协办 / 下派', () => {
  it('lists the cases it assists or was passed, with its part, the lead and the contribution’s due date', async () => {
    fakeFetch.answer('GET /api/departments', { status: 200, body: { items: departments } });
    const item = {
      petitionId: 'p7',
      trackingCode: 'WZ-p7',
      title: '道路开挖',
      ageWorkingDays: 1,
      nextDeadline: { kind: 'response', due: DUE },
      status: 'in_progress',
      kind: 'complaint',
      dispatchedAt: at,
      acknowledgeBy: DUE,
      respondBy: DUE,
      pendingExtension: false,
      escalationLevel: 0,
      reopenCount: 0,
      role: 'assisting',
      leadDepartmentId: LEAD,
      contributeBy: DUE,
    };
    const empty = { awaitingAcknowledgement: [], inProgress: [], dueSoon: [], overdue: [] };
    fakeFetch.answer('GET /api/queues/department', {
      status: 200,
      body: { departmentId: ASSIST, asOf: at, dueSoonUntil: DUE, ...empty, coHandling: [item] },
    });
    signIn(staffToken('handler', ASSIST));
    renderScreen(<ConsoleApp />, { path: '/handler' });
    const table = await screen.findByTestId('co-handling-queue');
    await waitFor(() => expect(table.textContent).toContain('鹿城区人民政府'));
    expect(table.textContent).toContain('WZ-p7');
    expect(table.textContent).toContain(m.console.coRole.assisting);
    expect(table.textContent).toContain(m.console.contributeBy);
    expect(table.querySelector('a')?.getAttribute('href')).toBe('/handler/p7');
  });
});

describe('主办/协办: the reviewer’s dispatch', () => {
  it('sends the assisting departments with the lead, and does not offer the lead as one of them', async () => {
    fakeFetch.answer('GET /api/departments', { status: 200, body: { items: departments } });
    fakeFetch.answer('GET /api/categories', { status: 200, body: { items: [] } });
    fakeFetch.answer('GET /api/policies', { status: 200, body: { items: [] } });
    fakeFetch.answer('GET /api/petitions/p1', {
      status: 200,
      body: { ...petition([{ at, step: 'accepted' }]), status: 'accepted', departmentId: undefined, acknowledged: false },
    });
    fakeFetch.answer('POST /api/petitions/p1/dispatch', { status: 200, body: { departmentId: LEAD } });
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/review/p1' });

    fireEvent.mouseDown(await screen.findByLabelText(m.console.dispatchTo));
    fireEvent.click(await screen.findByTitle('鹿城区人民政府'));
    fireEvent.mouseDown(screen.getByLabelText(m.console.assisting));
    // The dropdown opened last is the assisting one (antd keeps a closed one in the page, hidden); the
    // lead chosen a moment ago leaves it once the form has seen the choice.
    const assistingList = await waitFor(() => {
      const open = [...document.querySelectorAll('.ant-select-dropdown')].at(-1);
      expect(open?.querySelector('[title="市住建局"]')).toBeTruthy();
      expect(open?.querySelector('[title="鹿城区人民政府"]')).toBeNull();
      return open!;
    });
    fireEvent.click(assistingList.querySelector('[title="市住建局"]')!);
    fireEvent.click(screen.getByRole('button', { name: m.console.sendDispatch }));
    await waitFor(() => expect(fakeFetch.calls('POST /api/petitions/p1/dispatch')).toHaveLength(1));
    expect(fakeFetch.calls('POST /api/petitions/p1/dispatch')[0].body).toEqual({ departmentId: LEAD, assistingDepartmentIds: [ASSIST] });
  });
});

describe('the district suggests the department (point → district → department)', () => {
  it('a local category in a district goes to that district’s government, before the category’s city bureau', async () => {
    fakeFetch.answer('GET /api/departments', { status: 200, body: { items: departments } });
    fakeFetch.answer('GET /api/categories', {
      status: 200,
      body: { items: [{ id: 'c-csgl', name: '城市管理', defaultDepartmentId: ASSIST }] },
    });
    fakeFetch.answer('GET /api/policies', { status: 200, body: { items: [] } });
    fakeFetch.answer('GET /api/districts/suggestion', {
      status: 200,
      body: { district: { code: '330302', name: '鹿城区' }, suggestedDepartmentId: LEAD },
    });
    fakeFetch.answer('GET /api/petitions/p1', {
      status: 200,
      body: {
        ...petition([{ at, step: 'accepted' }]),
        status: 'accepted',
        departmentId: undefined,
        acknowledged: false,
        categoryId: 'c-csgl',
        districtCode: '330302',
      },
    });
    fakeFetch.answer('POST /api/petitions/p1/dispatch', { status: 200, body: { departmentId: LEAD } });
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/review/p1' });
    await waitFor(() => expect(fakeFetch.calls('GET /api/districts/suggestion')).toHaveLength(1));
    await waitFor(() => expect(screen.getByText(`鹿城区人民政府（${m.console.suggested}）`)).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: m.console.sendDispatch }));
    await waitFor(() => expect(fakeFetch.calls('POST /api/petitions/p1/dispatch')).toHaveLength(1));
    expect(fakeFetch.calls('POST /api/petitions/p1/dispatch')[0].body).toEqual({ departmentId: LEAD });
  });
});

describe('the suggestion without a category: the department the citizen wrote to', () => {
  it('a letter to a department, reviewed without a category, suggests that department; one to the mayor none', async () => {
    fakeFetch.answer('GET /api/departments', { status: 200, body: { items: departments } });
    fakeFetch.answer('GET /api/categories', { status: 200, body: { items: [] } });
    fakeFetch.answer('GET /api/policies', { status: 200, body: { items: [] } });
    const accepted = { ...petition([{ at, step: 'accepted' }]), status: 'accepted', departmentId: undefined, acknowledged: false };
    fakeFetch.answer('GET /api/petitions/p1', {
      status: 200,
      body: { ...accepted, addressee: { type: 'department', departmentId: ASSIST } },
    });
    fakeFetch.answer('GET /api/petitions/p2', { status: 200, body: { ...accepted, id: 'p2' } });
    fakeFetch.answer('POST /api/petitions/p1/dispatch', { status: 200, body: { departmentId: ASSIST } });
    signIn(staffToken('reviewer'));
    const { unmount } = renderScreen(<ConsoleApp />, { path: '/review/p1' });
    await waitFor(() => expect(screen.getByText(`市住建局（${m.console.suggested}）`)).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: m.console.sendDispatch }));
    await waitFor(() => expect(fakeFetch.calls('POST /api/petitions/p1/dispatch')).toHaveLength(1));
    expect(fakeFetch.calls('POST /api/petitions/p1/dispatch')[0].body).toEqual({ departmentId: ASSIST });
    unmount();
    renderScreen(<ConsoleApp />, { path: '/review/p2' });
    await screen.findByLabelText(m.console.dispatchTo);
    expect(screen.queryByText(new RegExp(`（${m.console.suggested}）`))).toBeNull();
  });
});

describe('the department tree (下派 goes down it): the admin’s 上级单位', () => {
  it('moves a department under another (never under itself) and shows a refused cycle', async () => {
    fakeFetch.answer('GET /api/departments', { status: 200, body: { items: departments } });
    fakeFetch.answer('GET /api/categories', { status: 200, body: { items: [] } });
    fakeFetch.answer('PATCH /api/admin/departments/d-other', ({ body }) =>
      (body as { parentId?: string }).parentId === COMMUNITY
        ? { status: 400, body: { statusCode: 400, error: 'Bad Request', message: 'parentId: the department tree has no cycles' } }
        : { status: 200, body: { ...departments[4], ...(body as object) } },
    );
    signIn(staffToken('admin'));
    renderScreen(<ConsoleApp />, { path: '/admin/reference' });
    const select = await screen.findByLabelText(`${m.console.admin.parent} 龙湾区人民政府`);
    fireEvent.mouseDown(select);
    const list = await waitFor(() => {
      const open = [...document.querySelectorAll('.ant-select-dropdown')].at(-1);
      expect(open?.querySelector('[title="五马街道"]')).toBeTruthy();
      return open!;
    });
    // Not itself.
    expect(list.querySelector('[title="龙湾区人民政府"]')).toBeNull();
    fireEvent.click(list.querySelector('[title="五马街道"]')!);
    await waitFor(() => expect(fakeFetch.calls('PATCH /api/admin/departments/d-other')).toHaveLength(1));
    expect(fakeFetch.calls('PATCH /api/admin/departments/d-other')[0].body).toEqual({ parentId: STREET });

    fireEvent.click(list.querySelector('[title="墨池社区"]') ?? (await screen.findAllByTitle('墨池社区')).at(-1)!);
    await waitFor(() => expect(fakeFetch.calls('PATCH /api/admin/departments/d-other')).toHaveLength(2));
    await waitFor(async () => expect((await screen.findAllByRole('alert')).map((a) => a.textContent).join()).toContain('no cycles'));
  });
});

describe('承办人统计: the department’s own figures per person', () => {
  it('asks for its own department’s figures for the month and shows each handler', async () => {
    fakeFetch.answer('GET /api/departments', { status: 200, body: { items: departments } });
    fakeFetch.answer(`GET /api/reports/departments/${LEAD}/handlers`, {
      status: 200,
      body: {
        departmentId: LEAD,
        from: '2026-12-01',
        to: '2027-01-01',
        asOf: at,
        handlers: [{ handlerId: 'staff-017', handlerName: '李工', assigned: 3, answered: 2, overdue: 1, averageWorkingDays: 4.5 }],
      },
    });
    signIn(staffToken('handler', LEAD));
    renderScreen(<ConsoleApp />, { path: '/handler/handlers' });
    const row = (await screen.findByText('李工')).closest('tr')!;
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['李工', 'staff-017', '3', '2', '1', '4.5']);
    expect(fakeFetch.calls(`GET /api/reports/departments/${LEAD}/handlers`)).toHaveLength(1);
  });
});
