import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeFetch } from '../../test/fake-fetch';
import { address, renderScreen } from '../../test/render';
import { ListingPage } from './ListingPage';

// A citizen types the tracking code from the SMS into the listing's search (a newcomer did): the words'
// search finds no case by its code, so a code opens its case instead.

const lists = () => {
  fakeFetch.answer('GET /api/public/petitions', { status: 200, body: { items: [] } });
  fakeFetch.answer('GET /api/departments', { status: 200, body: { items: [] } });
  fakeFetch.answer('GET /api/categories', { status: 200, body: { items: [] } });
  fakeFetch.answer('GET /api/districts', { status: 200, body: { items: [] } });
};

describe('the listing’s search and a tracking code', () => {
  it.each(['wz20261219 3wk0p6197x', 'ＷＺ２０２６１２１９－３ＷＫ０Ｐ６１９７Ｘ', 'WZ2O261219-3WK0P6197X'])(
    'a code typed into the search (%s) opens its case page',
    async (typed) => {
      lists();
      renderScreen(<ListingPage />, { path: '/' });
      fireEvent.change(screen.getByRole('searchbox'), { target: { value: typed } });
      fireEvent.click(screen.getByRole('button', { name: /搜\s*索/ }));
      await waitFor(() => expect(address()).toBe(`/cases/${encodeURIComponent(typed.trim())}`));
    },
  );

  it('words are searched as before', async () => {
    lists();
    renderScreen(<ListingPage />, { path: '/' });
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: '路灯 WZ2026' } });
    fireEvent.click(screen.getByRole('button', { name: /搜\s*索/ }));
    await waitFor(() => expect(address()).toBe('/?q=%E8%B7%AF%E7%81%AF+WZ2026'));
  });

  it('a listing asked with a code (the form without JavaScript) finds nothing and links the case', async () => {
    lists();
    renderScreen(<ListingPage />, { path: '/?q=wz20261219-3wk0p6197x' });
    const link = await screen.findByTestId('listing-code-link');
    expect(link.getAttribute('href')).toBe('/cases/wz20261219-3wk0p6197x');
    expect(link.textContent).toContain('查询码');
  });
});
