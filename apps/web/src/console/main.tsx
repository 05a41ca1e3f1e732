import { App as AntApp } from 'antd';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { useBearer } from '../api/client';
import { Providers } from '../shared/Providers';
import { ConsoleApp } from './ConsoleApp';
import { currentSession, signOut } from './session';

useBearer(() => currentSession()?.token);

/** 401: the token expired or was refused; sign in again and come back here. */
function toSignIn() {
  signOut();
  const here = window.location.pathname + window.location.search;
  if (!window.location.pathname.startsWith('/console/sign-in')) window.location.assign(`/console/sign-in?next=${encodeURIComponent(here)}`);
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Providers onUnauthorized={toSignIn}>
      <AntApp>
        <BrowserRouter basename="/console">
          <ConsoleApp />
        </BrowserRouter>
      </AntApp>
    </Providers>
  </StrictMode>,
);
