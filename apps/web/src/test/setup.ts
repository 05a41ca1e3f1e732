import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { fakeFetch } from './fake-fetch';

/**
 * What the browser has and jsdom lacks, as the browser does it (no code of the screens replaced):
 * antd's responsive layout asks matchMedia and observes sizes; a Request's relative URL is read
 * against the page, as openapi-fetch's `baseUrl: ''` expects (Node's Request refuses it).
 */
window.matchMedia ??= (query: string) =>
  ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }) as MediaQueryList;

globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

const NodeRequest = globalThis.Request;
globalThis.Request = class extends NodeRequest {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(typeof input === 'string' ? new URL(input, window.location.href) : input, init);
  }
};

/**
 * The network: the typed client (api/client.ts) takes the global fetch when its module loads, so it
 * is installed here, before any test imports the client, and each test says what it answers.
 */
globalThis.fetch = fakeFetch.fetch;

// antd's first render of a form takes seconds on a busy two-core machine; findBy/waitFor wait for it.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
  fakeFetch.reset();
  sessionStorage.clear();
});
