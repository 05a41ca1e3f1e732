import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { m } from '../../i18n';
import { fakeFetch } from '../../test/fake-fetch';
import { Route, Routes } from 'react-router';
import { address, fieldMessage, renderScreen } from '../../test/render';
import MyCasePage from './MyCasePage';
import SubmitPage from './SubmitPage';

const reference = () =>
  fakeFetch
    .answer('GET /api/departments', { status: 200, body: { items: [] } })
    .answer('GET /api/districts', { status: 200, body: { items: [] } })
    .answer('GET /api/public/mailboxes', { status: 200, body: { items: [] } });

function fill() {
  fireEvent.change(screen.getByLabelText(m.submit.subject), { target: { value: '路灯不亮' } });
  fireEvent.change(screen.getByLabelText(m.submit.content), { target: { value: '幸福路 12 号门口的路灯坏了一周。' } });
  fireEvent.change(screen.getByLabelText(m.submit.name), { target: { value: '张三' } });
  fireEvent.change(screen.getByLabelText(m.submit.phone), { target: { value: '1380013800' } });
}

const send = () => fireEvent.click(screen.getByRole('button', { name: m.submit.send }));

describe('the submit form (留言)', () => {
  it('says what is missing next to each required field and sends nothing', async () => {
    reference();
    renderScreen(<SubmitPage />);
    send();
    await waitFor(() => expect(fieldMessage(m.submit.phone)).toBe(m.submit.required));
    for (const field of [m.submit.subject, m.submit.content, m.submit.name]) expect(fieldMessage(field)).toBe(m.submit.required);
    expect(screen.getByLabelText(m.submit.phone).getAttribute('aria-invalid')).toBe('true');
    expect(fieldMessage(m.submit.email)).toBe('');
    expect(fakeFetch.calls('POST /api/petitions')).toHaveLength(0);
  });

  it('shows the API’s 400 next to the field it names, in Chinese by its rule, and the rest above the button', async () => {
    reference().answer('POST /api/petitions', {
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'citizen.phone: citizen.phone must match /^1\\d{10}$/; channel: channel must be one of web, hotline',
        details: [
          { field: 'citizen.phone', rule: 'matches', message: 'citizen.phone must match /^1\\d{10}$/' },
          { field: 'channel', rule: 'isIn', message: 'channel must be one of web, hotline' },
        ],
      },
    });
    renderScreen(<SubmitPage />);
    fill();
    send();
    await waitFor(() => expect(fieldMessage(m.submit.phone)).toBe(m.validation.patterns.phone));
    // The form has no channel field: that problem is told above the button, field named.
    expect(screen.getByRole('alert').textContent).toContain('channel: ');
    expect(fieldMessage(m.submit.subject)).toBe('');
    const [sent] = fakeFetch.calls('POST /api/petitions');
    expect(sent.body).toMatchObject({ channel: 'web', title: '路灯不亮', citizen: { name: '张三', phone: '1380013800' } });
  });

  it('without details, places each part of the API’s message by its field; a 201 then shows the tracking code and access key', async () => {
    let n = 0;
    reference().answer('POST /api/petitions', () =>
      ++n === 1
        ? { status: 400, body: { statusCode: 400, message: 'title: title must be shorter than or equal to 200 characters' } }
        : { status: 201, body: { id: 'p1', trackingCode: 'WZ20261201-0001', accessKey: 'k-123456' } },
    );
    renderScreen(<SubmitPage />);
    fill();
    send();
    // Without `details` the API's English message is split by field and shown as it is.
    await waitFor(() => expect(fieldMessage(m.submit.subject)).toBe('title must be shorter than or equal to 200 characters'));
    send();
    // Shown once, with its access key, after a 201.
    expect((await screen.findByTestId('tracking-code')).textContent).toContain('WZ20261201-0001');
    expect(screen.getByTestId('access-key').textContent).toContain('k-123456');
  });
});

describe('after a submission, 查看我的留言', () => {
  it('opens the case with the key it was just given (never in the URL) and shows the key again to be saved', async () => {
    reference().answer('POST /api/petitions', { status: 201, body: { id: 'p1', trackingCode: 'WZ20261201-0001', accessKey: 'k-123456' } });
    fakeFetch.answer('GET /api/petitions/WZ20261201-0001', (seen) =>
      seen.headers.get('X-Access-Key') === 'k-123456'
        ? {
            status: 200,
            body: { id: 'p1', trackingCode: 'WZ20261201-0001', title: '路灯不亮', status: 'submitted', kind: 'complaint', steps: [] },
          }
        : { status: 404, body: { statusCode: 404, message: 'not found' } },
    );
    renderScreen(
      <Routes>
        <Route path="/submit" element={<SubmitPage />} />
        <Route path="/my" element={<MyCasePage />} />
      </Routes>,
      { path: '/submit' },
    );
    fill();
    send();
    fireEvent.click(await screen.findByRole('link', { name: m.submit.goMyCase }));
    expect((await screen.findByTestId('my-case')).textContent).toContain('路灯不亮');
    expect(screen.getByTestId('handed-key').textContent).toContain('k-123456');
    expect(address()).toBe('/my?code=WZ20261201-0001');
    expect(address()).not.toContain('k-123456');
  });
});

describe('the submit form’s file picker', () => {
  it('is a button in Chinese that opens the labelled input, and the chosen file is listed', async () => {
    reference();
    renderScreen(<SubmitPage />);
    const input = screen.getByLabelText(m.attachments.label) as HTMLInputElement;
    expect(input.type).toBe('file');
    const button = screen.getByTestId('choose-files');
    expect(button.textContent).toBe(m.attachments.choose);
    let opened = 0;
    input.addEventListener('click', () => opened++);
    fireEvent.click(button);
    expect(opened).toBe(1);
    fireEvent.change(input, { target: { files: [new File(['x'], 'lamp.png', { type: 'image/png' })] } });
    await waitFor(() => expect(screen.getByTestId('chosen-files').textContent).toContain('lamp.png'));
  });
});

describe('the success page says what comes next (newcomer, cit53 #4)', () => {
  it('the review deadline the API counts for the case, read back with its key, then dispatch, publication and rating', async () => {
    reference().answer('POST /api/petitions', { status: 201, body: { id: 'p1', trackingCode: 'WZ20261201-0001', accessKey: 'k-123456' } });
    fakeFetch.answer('GET /api/petitions/WZ20261201-0001', (seen) =>
      seen.headers.get('X-Access-Key') === 'k-123456'
        ? {
            status: 200,
            body: { id: 'p1', status: 'submitted', publicConsent: true, reviewBy: '2026-12-02T10:00:00.000Z', steps: [] },
          }
        : { status: 404, body: { statusCode: 404, message: 'not found' } },
    );
    renderScreen(<SubmitPage />);
    fill();
    send();
    await waitFor(() => expect(screen.getByTestId('next-steps').textContent).toContain('2026/12/02 18:00 前审核'));
    const next = screen.getByTestId('next-steps').textContent;
    expect(next).toContain(m.citizenNext.dispatch);
    expect(next).toContain(m.citizenNext.published);
  });
});
