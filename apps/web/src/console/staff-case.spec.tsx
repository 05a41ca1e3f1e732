import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PetitionView } from '../api/types';
import { fakeFetch } from '../test/fake-fetch';
import { renderScreen, staffToken } from '../test/render';
import { ConsoleApp } from './ConsoleApp';
import { signIn } from './session';

// The district the citizen chose (所在区县) is on the staff's case page: the public page showed it,
// the reviewer's and the department's did not, though the dispatch suggestion follows it.
describe('the staff case page', () => {
  it('names the case’s district', async () => {
    const at = '2026-12-01T01:00:00.000Z';
    fakeFetch.answer('GET /api/departments', { status: 200, body: { items: [{ id: 'd1', name: '市综合行政执法局', active: true }] } });
    fakeFetch.answer('GET /api/districts', { status: 200, body: { items: [{ code: '330302', name: '鹿城区' }] } });
    fakeFetch.answer('GET /api/petitions/p1', {
      status: 200,
      body: {
        id: 'p1',
        trackingCode: 'WZ20261201-0001',
        title: '路灯不亮',
        content: '学院路路灯坏了。',
        status: 'in_progress',
        kind: 'complaint',
        channel: 'web',
        addressee: { type: 'mayor' },
        submittedAt: at,
        departmentId: 'd1',
        acknowledged: true,
        districtCode: '330302',
        history: [],
        steps: [{ at, step: 'dispatched', departmentId: 'd1' }],
      } as unknown as PetitionView,
    });
    signIn(staffToken('handler', 'd1'));
    renderScreen(<ConsoleApp />, { path: '/handler/p1' });
    expect((await screen.findByText('所在区县：鹿城区')).getAttribute('data-testid')).toBe('case-district');
  });
});
