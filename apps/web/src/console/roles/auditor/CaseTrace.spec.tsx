import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeFetch } from '../../../test/fake-fetch';
import { renderScreen, staffToken } from '../../../test/render';
import { ConsoleApp } from '../../ConsoleApp';
import { signIn } from '../../session';
import { m } from '../../../i18n';
import { formatTime } from '../../../shared/format';

// 案件追溯 by the code an auditor is handed: the 查询码 is turned into the case's id, then its
// events are read (the audit routes answered a code with "id: must be a UUID").

const ID = '39853f30-24fb-4b55-8daf-3fde2672310d';
const CODE = 'WZ20261201-J7CG0RZFA2';

describe('案件追溯', () => {
  it('traces a case by its 查询码', async () => {
    fakeFetch.answer(`GET /api/petitions/${CODE}`, { status: 200, body: { id: ID, trackingCode: CODE } });
    fakeFetch.answer(`GET /api/audit/petitions/${ID}/events`, {
      status: 200,
      body: {
        personalData: 'masked',
        events: [{ eventId: 'e1', revision: 1, type: 'PetitionSubmitted', recordedAt: '2026-12-01T04:34:04.277Z' }],
      },
    });
    signIn(staffToken('auditor'));
    renderScreen(<ConsoleApp />, { path: `/audit?id=${CODE}` });
    await waitFor(() => expect(fakeFetch.calls(`GET /api/audit/petitions/${ID}/events`)).toHaveLength(1));
    // the event in Chinese, its type (a permanent contract) beside it
    expect(await screen.findByText('PetitionSubmitted')).toBeTruthy();
    expect(screen.getByText('PetitionSubmitted').closest('td')?.textContent).toBe('收件 PetitionSubmitted');
    expect(fakeFetch.unanswered).toEqual([]);
  });
});

describe('案件追溯 · 该时点状态', () => {
  it('asks for the case as it stood at the event’s own instant, to the millisecond', async () => {
    const events = [
      {
        eventId: 'e0',
        revision: 0,
        type: 'PetitionSubmitted',
        occurredAt: '2026-12-08T04:35:37.740Z',
        recordedAt: '2026-12-08T04:35:37.741Z',
      },
      {
        eventId: 'e4',
        revision: 4,
        type: 'PetitionResponded',
        occurredAt: '2026-12-08T04:35:45.050Z',
        recordedAt: '2026-12-08T04:35:45.051Z',
      },
    ];
    fakeFetch.answer(`GET /api/audit/petitions/${ID}/events`, { status: 200, body: { personalData: 'masked', events } });
    const asked: string[] = [];
    fakeFetch.answer(`GET /api/audit/petitions/${ID}/state`, (seen) => {
      asked.push(seen.query.get('at') ?? '');
      return { status: 404, body: { statusCode: 404, message: 'not found' } };
    });
    signIn(staffToken('auditor'));
    renderScreen(<ConsoleApp />, { path: `/audit?id=${ID}` });
    const buttons = await screen.findAllByRole('button', { name: '该时点状态' });
    fireEvent.click(buttons[1]);
    await waitFor(() => expect(asked).toHaveLength(1));
    expect(Date.parse(asked[0])).toBe(Date.parse('2026-12-08T04:35:45.050Z'));
    fireEvent.click(buttons[0]);
    await waitFor(() => expect(asked).toHaveLength(2));
    expect(Date.parse(asked[1])).toBe(Date.parse('2026-12-08T04:35:37.740Z'));
  });
});

describe('案件追溯 in Chinese', () => {
  it('the watcher’s events are the system’s, and the state at an event names it in Chinese and says what follows', async () => {
    const events = [
      {
        eventId: 'e0',
        revision: 0,
        type: 'PetitionSubmitted',
        occurredAt: '2026-12-08T04:35:37.740Z',
        recordedAt: '2026-12-08T04:35:37.741Z',
        actor: { role: 'citizen' },
      },
      {
        eventId: 'e3',
        revision: 3,
        type: 'PetitionDeadlineMissed',
        occurredAt: '2026-12-08T05:28:00.000Z',
        recordedAt: '2026-12-08T05:28:00.001Z',
        actor: { role: 'system' },
        data: { deadline: 'acknowledgement', dueAt: '2026-12-08T05:27:59.999Z', departmentId: 'd1' },
      },
    ];
    fakeFetch.answer(`GET /api/audit/petitions/${ID}/events`, { status: 200, body: { personalData: 'masked', events } });
    fakeFetch.answer(`GET /api/audit/petitions/${ID}/state`, {
      status: 200,
      body: {
        at: '2026-12-08T05:28:00.000Z',
        personalData: 'masked',
        asOf: { revision: 3, type: 'PetitionDeadlineMissed', occurredAt: '2026-12-08T05:28:00.000Z' },
        currentRevision: 6,
        status: 'dispatched',
        title: '路灯不亮',
      },
    });
    signIn(staffToken('auditor'));
    renderScreen(<ConsoleApp />, { path: `/audit?id=${ID}` });
    expect(await screen.findByText('系统（自动）')).toBeTruthy();
    // which deadline was missed, and when it fell due
    expect(screen.getByTestId('missed-which').textContent).toBe(`（${m.case.acknowledgeBy} ${formatTime('2026-12-08T05:27:59.999Z')}）`);
    fireEvent.click((await screen.findAllByRole('button', { name: '该时点状态' }))[1]);
    const asOf = await screen.findByText(/#3 超期 PetitionDeadlineMissed/);
    expect(asOf.textContent).toContain('此后还有 3 个事件');
  });
});
