import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeFetch } from '../../test/fake-fetch';
import { renderScreen } from '../../test/render';
import CasePage from './CasePage';

const CODE = 'WZ20251231-7K3M9Q2XAB';

/** The district list, and a public case of CODE with `over` on it. */
const answerCase = (districts: { code: string; name: string }[], over: object) =>
  fakeFetch
    .answer('GET /api/districts', { status: 200, body: { items: districts } })
    .answer(`GET /api/public/petitions/${CODE}/attachments`, { status: 200, body: [] })
    .answer(`GET /api/public/petitions/${CODE}`, {
      status: 200,
      body: {
        trackingCode: CODE,
        status: 'processing',
        kind: 'complaint',
        channel: 'web',
        title: '道路积水无人处理',
        excerpt: '雨后道路积水',
        content: '雨后道路积水严重。',
        submittedAt: '2025-12-30T02:00:00Z',
        commentCount: 0,
        comments: [],
        ...over,
      },
    });

// A seeded case dispatched 2025-12-31 and never signed for showed its 签收期限 with nothing beside it
// (newcomer pass, #11), while a step that happened carried 按期/超期.
describe('the public case page', () => {
  it('marks a passed 签收期限 of a case not signed for as 已超期, and no answer deadline still to come', async () => {
    const respondBy = new Date(Date.now() + 7 * 86_400_000).toISOString();
    answerCase([], {
      steps: [
        { step: 'received', at: '2025-12-30T02:00:00Z' },
        { step: 'accepted', at: '2025-12-31T01:00:00Z' },
        {
          step: 'dispatched',
          at: '2025-12-31T02:00:00Z',
          department: { id: 'd1', name: '市综合行政执法局' },
          acknowledgeBy: '2026-01-04T15:59:59.999Z',
          respondBy,
        },
      ],
    });
    renderScreen(<CasePage />, { path: `/cases/${CODE}`, route: '/cases/:code' });
    const tag = await screen.findByTestId('deadline-overdue');
    expect(tag.parentElement?.textContent).toBe('签收期限：2026/01/04 23:59 已超期');
    expect(screen.getAllByTestId('deadline-overdue')).toHaveLength(1);
  });
});

// Seeded cases named 330327008 and 330324, which the district list (GET /api/districts) does not hold, and
// the pages printed the bare code (newcomer, cit53 #3).
describe('所在区县 on the public case page', () => {
  const page = (districtCode: string) => {
    answerCase([{ code: '330302', name: '鹿城区' }], { districtCode, steps: [{ step: 'received', at: '2025-12-30T02:00:00Z' }] });
    renderScreen(<CasePage />, { path: `/cases/${CODE}`, route: '/cases/:code' });
  };

  it('a street the list lacks is named by its district', async () => {
    page('330302004');
    expect(await screen.findByText('鹿城区')).toBeTruthy();
    expect(document.body.textContent).not.toContain('330302004');
  });

  it('a code the list cannot name is left out, never printed bare', async () => {
    page('330327008');
    await screen.findByText('雨后道路积水严重。');
    await new Promise((resolve) => setTimeout(resolve, 50)); // the district list answered
    expect(document.body.textContent).not.toContain('330327');
    expect(screen.queryByText('所在区县')).toBeNull();
  });
});
