import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { m } from '../../../i18n';
import { fakeFetch } from '../../../test/fake-fetch';
import { address, renderScreen, staffToken } from '../../../test/render';
import { ConsoleApp } from '../../ConsoleApp';
import { currentSession, signIn } from '../../session';

// attack: the phone 案件查询 keeps in module memory (lastPhone) outlives 退出登录. On a shared office PC the next
// person signing in in the same tab (the dev role picker and useEnter navigate without reloading the page)
// opens 案件查询 and finds the previous caller's number filled in and searched by.
describe('案件查询 after sign-out', () => {
  it('does not restore the phone the previous user searched by', async () => {
    fakeFetch.answer('GET /api/departments', { status: 200, body: { items: [] } });
    fakeFetch.answer('GET /api/categories', { status: 200, body: { items: [] } });
    fakeFetch.answer('GET /api/public/mailboxes', { status: 200, body: { items: [] } });
    fakeFetch.answer('GET /api/cases', { status: 200, body: { items: [] } });
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/cases' });
    await screen.findByRole('table');
    fireEvent.change(screen.getByLabelText(m.console.phone), { target: { value: '139 1234 5678' } });
    fireEvent.click(screen.getByRole('button', { name: m.common.search }));
    await waitFor(() => expect(fakeFetch.calls('GET /api/cases').some((c) => c.query.get('phone') === '139 1234 5678')).toBe(true));
    fireEvent.click(screen.getByRole('button', { name: new RegExp(m.console.signOut.split('').join('\\s*')) }));
    await waitFor(() => expect(address()).toBe('/sign-in'));
    expect(currentSession()).toBeUndefined();
    cleanup();

    // the next person, in the same tab (same JS realm), signs in and opens 案件查询
    const before = fakeFetch.calls('GET /api/cases').length;
    signIn(staffToken('reviewer'));
    renderScreen(<ConsoleApp />, { path: '/cases' });
    await screen.findByRole('table');
    await waitFor(() => expect(fakeFetch.calls('GET /api/cases').length).toBeGreaterThan(before));
    expect((screen.getByLabelText(m.console.phone) as HTMLInputElement).value).toBe('');
    expect(
      fakeFetch
        .calls('GET /api/cases')
        .slice(before)
        .some((c) => c.query.has('phone')),
    ).toBe(false);
  });
});
