import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { m } from '../../../i18n';
import { fakeFetch } from '../../../test/fake-fetch';
import { address, fieldMessage, renderScreen, staffToken } from '../../../test/render';
import { ConsoleApp } from '../../ConsoleApp';
import { signIn } from '../../session';

const ACCESS_KEY = 'k7Qm3xV9pL2sT8wZ4nR6yB1c';

function open() {
  fakeFetch
    .answer('GET /api/departments', { status: 200, body: { items: [{ id: 'd1', name: '市综合行政执法局', active: true }] } })
    .answer('GET /api/districts', { status: 200, body: { items: [] } })
    .answer('GET /api/public/mailboxes', { status: 200, body: { items: [] } });
  signIn(staffToken('reviewer'));
  renderScreen(<ConsoleApp />, { path: '/calls' });
}

const type = (labelText: string, value: string) => fireEvent.change(screen.getByLabelText(labelText), { target: { value } });

const CALLER = { name: '王建国', phone: '13912345678' };
const CALL = { title: '小区路灯不亮', content: '来电反映幸福路12号门口路灯坏了一周，夜间出行不便。' };

async function fill() {
  await screen.findByLabelText(m.console.callerName);
  type(m.console.callerName, CALLER.name);
  type(m.console.callerPhone, CALLER.phone);
  type(m.console.callTitle, CALL.title);
  type(m.console.callContent, CALL.content);
}

const send = () => fireEvent.click(screen.getByRole('button', { name: m.console.sendCall }));
const keys = () => fakeFetch.calls('POST /api/petitions').map((c) => c.headers.get('Idempotency-Key'));

describe('来电登记 (the reviewer enters a 12345 call)', () => {
  it('is on the reviewer’s menu; says what is missing next to each required field and sends nothing', async () => {
    open();
    expect(await screen.findByRole('link', { name: m.console.hotlineCall })).toBeTruthy();
    await screen.findByLabelText(m.console.callerName);
    send();
    await waitFor(() => expect(fieldMessage(m.console.callerPhone)).toBe(m.submit.required));
    for (const f of [m.console.callerName, m.console.callTitle, m.console.callContent]) expect(fieldMessage(f)).toBe(m.submit.required);
    expect(fakeFetch.calls('POST /api/petitions')).toHaveLength(0);
  });

  it('posts a hotline_12345 case and shows each 400 next to the field it names, the rest above the button', async () => {
    open();
    fakeFetch.answer('POST /api/petitions', {
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message:
          'citizen.phone: must be a mainland mobile number or a landline with area code; title: must be longer than or equal to 2 characters; id: must be a UUID',
        details: [
          {
            field: 'citizen.phone',
            rule: 'matches',
            message: 'citizen.phone must be a mainland mobile number or a landline with area code',
          },
          { field: 'title', rule: 'isLength', message: 'title must be longer than or equal to 2 characters' },
          { field: 'id', rule: 'matches', message: 'id must be a UUID' },
        ],
      },
    });
    await fill();
    send();
    await waitFor(() => expect(fieldMessage(m.console.callerPhone)).not.toBe(''));
    expect(fieldMessage(m.console.callTitle)).not.toBe('');
    expect(fieldMessage(m.console.callerName)).toBe('');
    expect(screen.getByRole('alert').textContent).toContain('id: ');
    const [sent] = fakeFetch.calls('POST /api/petitions');
    // the office's channel, the form's defaults (complaint, 综合信箱, not public) and nothing the caller did not say
    expect(sent.body).toEqual({
      channel: 'hotline_12345',
      kind: 'complaint',
      addressee: { type: 'general' },
      ...CALL,
      citizen: CALLER,
      publicConsent: false,
    });
    expect(sent.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends one key per filling of the form: a double click and a retry repeat it, a change draws a new one', async () => {
    open();
    fakeFetch.answer('POST /api/petitions', { status: 503, body: { statusCode: 503, message: '服务暂不可用' } });
    await fill();
    send();
    send();
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('服务暂不可用'));
    send(); // the retry after a failure, nothing changed
    await waitFor(() => expect(keys().length).toBeGreaterThanOrEqual(2));
    await waitFor(() => expect(screen.getByRole('button', { name: m.console.sendCall }).getAttribute('class')).not.toMatch(/loading/));
    const first = keys();
    expect(new Set(first).size).toBe(1);
    type(m.console.callTitle, '小区路灯长期不亮');
    send();
    await waitFor(() => expect(keys().length).toBe(first.length + 1));
    expect(keys().at(-1)).not.toBe(first[0]);
  });

  it('shows the tracking code, the id and a link to the case, says the caller has no key, and never draws the key', async () => {
    open();
    fakeFetch
      .answer('POST /api/petitions', {
        status: 201,
        body: { id: 'p1', revision: 1, trackingCode: 'WZ20261207-7K3M9Q2XAB', accessKey: ACCESS_KEY, attachmentIds: [] },
      })
      .answer('GET /api/petitions/p1', { status: 404, body: { statusCode: 404, message: 'not found' } });
    await fill();
    send();
    expect((await screen.findByTestId('tracking-code')).textContent).toContain('WZ20261207-7K3M9Q2XAB');
    expect(screen.getByTestId('case-id').textContent).toBe('p1');
    expect(screen.getByTestId('no-access-key').textContent).toContain('回访');
    expect(document.body.innerHTML).not.toContain(ACCESS_KEY);
    expect(screen.queryByText(m.submit.accessKey)).toBeNull();
    fireEvent.click(screen.getByRole('link', { name: m.console.openCase }));
    await waitFor(() => expect(address()).toBe('/cases/p1'));
  });

  it('after one call, the next call starts empty with a new key', async () => {
    open();
    fakeFetch.answer('POST /api/petitions', { status: 201, body: { id: 'p1', revision: 1, trackingCode: 'WZ1', accessKey: ACCESS_KEY } });
    await fill();
    send();
    fireEvent.click(await screen.findByRole('button', { name: m.console.nextCall }));
    await fill();
    send();
    await screen.findByTestId('tracking-code');
    const [a, b] = keys();
    expect(a).toBeTruthy();
    expect(b).toBeTruthy();
    expect(a).not.toBe(b);
  });
});
