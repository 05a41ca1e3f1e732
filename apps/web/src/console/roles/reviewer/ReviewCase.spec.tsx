import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PetitionView } from '../../../api/types';
import { fakeFetch } from '../../../test/fake-fetch';
import { renderScreen, staffToken } from '../../../test/render';
import { ConsoleApp } from '../../ConsoleApp';
import { signIn } from '../../session';

// 重复件: the reviewer finds the original by its tracking code or words. A part of a code asks for the rest
// (the API finds no case by part of one, and answered 400, shown as 暂无数据); a case the decider refuses
// as an original (awaiting review, itself a duplicate) is shown but cannot be chosen.

const waiting = {
  id: 'p1',
  trackingCode: 'WZ20261208-AAAAAAAAAA',
  title: '路灯不亮',
  content: '学院路路灯坏了。',
  status: 'submitted',
  kind: 'complaint',
  channel: 'web',
  addressee: { type: 'mayor' },
  submittedAt: '2026-12-08T01:00:00.000Z',
  history: [],
  steps: [],
} as unknown as PetitionView;

const found = (over: Record<string, unknown>) => ({
  trackingCode: 'WZ20261201-7K3M9Q2XAB',
  title: '学院路路灯不亮',
  kind: 'complaint',
  channel: 'web',
  submittedAt: '2026-12-01T01:00:00.000Z',
  deadlines: {},
  redLights: [],
  overdue: false,
  escalationLevel: 0,
  pendingExtension: false,
  ageWorkingDays: 5,
  url: '/api/petitions/x',
  ...over,
});

const openReview = async () => {
  fakeFetch.answer('GET /api/departments', { status: 200, body: { items: [] } });
  fakeFetch.answer('GET /api/districts', { status: 200, body: { items: [] } });
  fakeFetch.answer('GET /api/categories', { status: 200, body: { items: [] } });
  fakeFetch.answer('GET /api/petitions/p1', { status: 200, body: waiting });
  signIn(staffToken('reviewer'));
  renderScreen(<ConsoleApp />, { path: '/review/p1' });
  fireEvent.click(await screen.findByLabelText('重复件'));
  const box = await screen.findByRole('combobox', { name: /原件/ });
  return (text: string) => {
    fireEvent.mouseDown(box);
    fireEvent.change(box, { target: { value: text } });
  };
};

describe('重复件: finding the original', () => {
  it.each(['WZ20261208-6J39', 'WZ2026122', 'wz2O26'])(
    'a part of a tracking code (%s) asks for the whole code and asks the API nothing',
    async (part) => {
      const type = await openReview();
      type(part);
      expect((await screen.findByTestId('original-whole-code')).textContent).toContain('请输入完整的查询码');
      expect(fakeFetch.calls('GET /api/cases')).toHaveLength(0);
    },
  );

  it('a whole code typed with a space for the dash, in full width, goes to the API as a tracking code', async () => {
    fakeFetch.answer('GET /api/cases', { status: 200, body: { items: [found({ id: 'o1', status: 'responded' })] } });
    const type = await openReview();
    type('ｗｚ20261201 7K3M9Q2XAB');
    await screen.findByText('WZ20261201-7K3M9Q2XAB 学院路路灯不亮');
    expect(fakeFetch.calls('GET /api/cases')[0].query.get('trackingCode')).toBe('ｗｚ20261201 7K3M9Q2XAB');
  });

  it('a case awaiting review, or itself a duplicate, is listed with why and cannot be chosen', async () => {
    fakeFetch.answer('GET /api/cases', {
      status: 200,
      body: {
        items: [
          found({ id: 'o1', status: 'responded', trackingCode: 'WZ20261201-1111111111' }),
          found({ id: 'o2', status: 'submitted', trackingCode: 'WZ20261201-2222222222' }),
          found({ id: 'o3', status: 'closed', duplicateOf: 'o1', trackingCode: 'WZ20261201-3333333333' }),
        ],
      },
    });
    const type = await openReview();
    type('路灯');
    const ok = await screen.findByText('WZ20261201-1111111111 学院路路灯不亮');
    const notYet = screen.getByText('WZ20261201-2222222222 学院路路灯不亮（尚未受理，不能作为原件）');
    const dup = screen.getByText('WZ20261201-3333333333 学院路路灯不亮（本身是重复件，请选择其原件）');
    expect(ok.closest('.ant-select-item')?.className).not.toContain('disabled');
    expect(notYet.closest('.ant-select-item')?.className).toContain('ant-select-item-option-disabled');
    expect(dup.closest('.ant-select-item')?.className).toContain('ant-select-item-option-disabled');
  });

  it('a refusal of the search is said in Chinese, not as 暂无数据', async () => {
    fakeFetch.answer('GET /api/cases', {
      status: 400,
      body: {
        statusCode: 400,
        message: 'q: q must be shorter than or equal to 100 characters',
        details: [{ field: 'q', rule: 'isLength', message: 'q must be shorter than or equal to 100 characters' }],
      },
    });
    const type = await openReview();
    type('路灯');
    const said = await screen.findByRole('alert');
    expect(said.textContent).not.toContain('must be');
    expect(said.textContent).toContain('100');
  });
});
