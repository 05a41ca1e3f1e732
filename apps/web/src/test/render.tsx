import { act, render, screen } from '@testing-library/react';
import { App as AntApp } from 'antd';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes, useLocation, useNavigate, type NavigateFunction } from 'react-router';
import { Providers } from '../shared/Providers';

let navigate: NavigateFunction | undefined;

/** Where the router is now, for a test to read (a redirect the user would see in the address bar). */
function Address() {
  const { pathname, search } = useLocation();
  navigate = useNavigate();
  return <output data-testid="address">{pathname + search}</output>;
}

/**
 * A screen as main.tsx mounts it — the same Providers (antd in Chinese, TanStack Query with the
 * 401 hook), antd's App and a router — at `path`, `route` giving its parameters.
 */
export function renderScreen(ui: ReactElement, opts: { path?: string; route?: string; onUnauthorized?: () => void } = {}) {
  return render(
    <Providers onUnauthorized={opts.onUnauthorized}>
      <AntApp>
        <MemoryRouter initialEntries={[opts.path ?? '/']}>
          {opts.route ? (
            <Routes>
              <Route path={opts.route} element={ui} />
            </Routes>
          ) : (
            ui
          )}
          <Address />
        </MemoryRouter>
      </AntApp>
    </Providers>,
  );
}

export const address = () => screen.getByTestId('address').textContent;

/** The browser's Back button. */
export const back = () =>
  act(() => {
    void navigate?.(-1);
  });

/**
 * The message shown next to a form field, as a screen reader gets it: the field found by its label,
 * then what its aria-describedby points at (antd links an item's error to its input).
 */
export function fieldMessage(label: string): string {
  const input = screen.getByLabelText(label);
  const ids = input.getAttribute('aria-describedby')?.split(/\s+/) ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

/** A console session as the API's token carries it (the signature is the API's business, not the screen's). */
export function staffToken(role: string, departmentId?: string): string {
  const part = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${part({ alg: 'HS256' })}.${part({ roles: [role], departmentId, exp: Math.floor(Date.now() / 1000) + 3600 })}.sig`;
}
