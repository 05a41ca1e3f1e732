import type { DehydratedState } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { QueryProviders } from '../shared/query';
import { PublicApp } from './PublicApp';

// The server drew the listing's first page (entry-server.tsx) and left the answers it drew it from in a
// JSON data block (not an inline script: the CSP allows none): hydrate that markup from the same answers.
// No antd here: each page but the listing brings its theme (PublicApp), so the first page waits for
// React, the router and the query client only (README, Fast 3G).
const ssrState = document.getElementById('wz-ssr-state')?.textContent;
const state = ssrState ? (JSON.parse(ssrState) as DehydratedState) : undefined;
const app = (
  <StrictMode>
    <QueryProviders state={state}>
      <BrowserRouter>
        <PublicApp />
      </BrowserRouter>
    </QueryProviders>
  </StrictMode>
);
const root = document.getElementById('root')!;
// A markup React could not take over is drawn again, which it reports here: said in the console, where
// the browser tests look for it (React's default reportError reached neither Chromium's console nor them).
if (state) hydrateRoot(root, app, { onRecoverableError: (e) => console.error('[wz] hydration:', e) });
else createRoot(root).render(app);
