import { dehydrate } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { StaticRouter } from 'react-router';
import { createQueryClient, QueryProviders } from '../shared/query';
import { listingFilters, listingKey, listingQuery } from './listing';
import { PublicApp } from './PublicApp';

/** GET a public API path (`/api/…?…`) and give its JSON; rejects on anything but a 2xx. */
export type GetJson = (pathAndQuery: string) => Promise<unknown>;

export interface Rendered {
  /** The markup of #root. */
  html: string;
  /** Styles for the head (none since the listing dropped antd: its own are in the markup). */
  styles: string;
  /** The query cache the markup was drawn from, as JSON safe inside an HTML element. */
  state: string;
}

/**
 * The public listing's page for a URL (`/`, `/?q=…`), drawn on the server (apps/api/src/web/serve-web.ts)
 * from the same public API answers the page would ask for, so that the browser shows the cases and their
 * links at the first byte instead of after 214 kB of JavaScript (README, Fast 3G); main.tsx hydrates it.
 */
export async function renderListing(url: string, get: GetJson): Promise<Rendered> {
  const filters = listingFilters(new URL(url, 'http://localhost').searchParams);
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(listingQuery(filters))) if (v !== undefined) query.set(k, String(v));
  const [page, departments, categories, districts] = await Promise.all([
    get(`/api/public/petitions?${query}`),
    get('/api/departments'),
    get('/api/categories'),
    get('/api/districts'),
  ]);
  const client = createQueryClient();
  client.setQueryData(listingKey(filters), { pages: [page], pageParams: [undefined] });
  client.setQueryData(['departments'], departments);
  client.setQueryData(['categories'], categories);
  client.setQueryData(['districts'], districts);
  const html = renderToString(
    <StrictMode>
      <QueryProviders client={client}>
        <StaticRouter location={url}>
          <PublicApp />
        </StaticRouter>
      </QueryProviders>
    </StrictMode>,
  );
  // the listing uses no antd: its styles are PublicApp's <style> element, in the markup
  return { html, styles: '', state: jsonInHtml(dehydrate(client)) };
}

/**
 * JSON that no case title can end early: `<`, `>` and `&` (`</script>`, `<!--`) and the two line
 * separators JavaScript once treated as newlines, written as \u escapes JSON.parse reads back.
 */
export function jsonInHtml(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
