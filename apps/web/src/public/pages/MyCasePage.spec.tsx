import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PetitionStep, PetitionView } from '../../api/types';
import { m } from '../../i18n';
import { fakeFetch } from '../../test/fake-fetch';
import { renderScreen } from '../../test/render';
import MyCasePage from './MyCasePage';

// 我的留言 after the citizen's rating: what follows an unsatisfied one (lifecycle.md: the supervisor may
// reopen it, 重办, at most policy.maxReopens times), told from what GET /api/petitions/:ref says of the case.

const CODE = 'WZ20261201-0001';
const at = (day: number) => `2026-12-${String(day).padStart(2, '0')}T02:00:00.000Z`;
const answered: PetitionStep[] = [
  { at: at(1), step: 'received' },
  { at: at(1), step: 'accepted' },
  { at: at(1), step: 'dispatched', departmentName: '市水务局', respondBy: '2026-12-11T15:59:59.999Z' },
  { at: at(2), step: 'acknowledged', departmentName: '市水务局' },
  { at: at(3), step: 'answered', departmentName: '市水务局', answer: '已冲洗管网。' },
];
const unsatisfied = { satisfaction: 'unsatisfied', comment: '水还是黄的', at: at(4) };
const ratedStep: PetitionStep = { at: at(4), step: 'rated', satisfaction: 'unsatisfied', comment: '水还是黄的' };

const view = (over: Partial<PetitionView>): PetitionView =>
  ({
    id: 'p1',
    trackingCode: CODE,
    title: '自来水发黄',
    content: '小区自来水发黄三天。',
    status: 'responded',
    kind: 'complaint',
    channel: 'web',
    acknowledged: true,
    answer: '已冲洗管网。',
    history: [],
    steps: answered,
    ...over,
  }) as PetitionView;

const open = async (answer: PetitionView | (() => PetitionView)) => {
  fakeFetch.answer(`GET /api/petitions/${CODE}`, (seen) =>
    seen.headers.get('X-Access-Key') === 'k-1'
      ? { status: 200, body: typeof answer === 'function' ? answer() : answer }
      : { status: 404, body: { statusCode: 404, message: 'not found' } },
  );
  renderScreen(<MyCasePage />, { path: `/my?code=${CODE}` });
  fireEvent.change(await screen.findByLabelText('查询密钥'), { target: { value: 'k-1' } });
  fireEvent.click(screen.getByRole('button', { name: '查询' }));
  await screen.findByTestId('my-case');
};

describe('after an unsatisfied rating, 我的留言 says what is next', () => {
  it('rating 不满意: the page then says the supervision office decides whether to have it handled again', async () => {
    let rated = false;
    await open(() => (rated ? view({ status: 'rated', rating: unsatisfied, steps: [...answered, ratedStep] }) : view({})));
    fakeFetch.answer(`POST /api/petitions/${CODE}/rate`, () => {
      rated = true;
      return { status: 200, body: { id: 'p1', revision: 9, status: 'rated' } };
    });
    fireEvent.click(await screen.findByLabelText('不满意'));
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }));
    const next = await screen.findByTestId('after-rating');
    expect(next.textContent).toContain('督查室将审核您的不满意评价，决定是否交承办单位重新办理');
    expect(next.textContent).toContain('新的答复期限显示在办理过程中');
    expect(fakeFetch.calls(`POST /api/petitions/${CODE}/rate`)[0].body).toEqual({ satisfaction: 'unsatisfied' });
    expect(screen.queryByRole('button', { name: '提交评价' })).toBeNull();
  });

  it('closed by the supervision office instead of a reopen: says so, with its reason', async () => {
    await open(
      view({
        status: 'closed',
        closeReason: 'rated',
        rating: unsatisfied,
        steps: [...answered, ratedStep, { at: at(7), step: 'closed', reason: 'rated', note: '经核实已按规定处理，水质检测合格。' }],
      }),
    );
    const next = screen.getByTestId('after-rating');
    expect(next.textContent).toContain('督查室审核了您的不满意评价，决定不再重新办理，本件已办结。');
    expect(next.textContent).toContain('理由：经核实已按规定处理，水质检测合格。');
  });

  it('unsatisfied again after a reopen, at the limit: closed at once, and the page says no further reopen', async () => {
    await open(
      view({
        status: 'closed',
        closeReason: 'rated',
        rating: { ...unsatisfied, at: at(14) },
        steps: [
          ...answered,
          ratedStep,
          { at: at(5), step: 'reopened', reason: '群众不满意，重新办理', respondBy: '2026-12-17T15:59:59.999Z' },
          { at: at(10), step: 'answered', departmentName: '市水务局', answer: '已更换管道。' },
          { ...ratedStep, at: at(14) },
          { at: at(14), step: 'closed', reason: 'rated' },
        ],
      }),
    );
    expect(screen.getByTestId('after-rating').textContent).toContain('本件已重新办理 1 次，达到重办次数上限，不再重新办理，本件已办结。');
  });

  it('a satisfied rating closes the case: nothing more is said', async () => {
    await open(
      view({
        status: 'closed',
        closeReason: 'rated',
        rating: { satisfaction: 'satisfied', at: at(4) },
        steps: [...answered, { ...ratedStep, satisfaction: 'satisfied' }, { at: at(4), step: 'closed', reason: 'rated' }],
      }),
    );
    expect(screen.getByTestId('my-case')).toBeTruthy();
    expect(screen.queryByTestId('after-rating')).toBeNull();
  });

  it('reopened: the earlier answer is marked and the new deadline shown, no note on the rating', async () => {
    const reopened = [
      ...answered,
      ratedStep,
      { at: at(5), step: 'reopened', reason: '群众不满意，重新办理', respondBy: '2026-12-17T15:59:59.999Z' },
    ];
    await open(view({ status: 'in_progress', rating: unsatisfied, respondBy: '2026-12-17T15:59:59.999Z', steps: reopened }));
    expect(screen.getByTestId('reopened').textContent).toContain('部门正在重新办理');
    expect(screen.getByTestId('my-case').textContent).toContain('2026/12/17 23:59');
    expect(screen.queryByTestId('after-rating')).toBeNull();
  });

  it('answered again after a reopen: the form rates the new answer (the first rating was of the earlier one)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-12T02:00:00.000Z'));
    await open(
      view({
        status: 'responded',
        rating: unsatisfied,
        answer: '已更换管道。',
        rateBy: '2026-12-17T15:59:59.999Z',
        steps: [
          ...answered,
          ratedStep,
          { at: at(5), step: 'reopened', reason: '群众不满意，重新办理', respondBy: '2026-12-17T15:59:59.999Z' },
          { at: at(10), step: 'answered', departmentName: '市水务局', answer: '已更换管道。' },
        ],
      }),
    );
    await waitFor(() => expect(screen.getByRole('button', { name: '提交评价' })).toBeTruthy());
    expect(screen.getByTestId('rate-by').textContent).toContain('2026/12/17 23:59');
  });
});

describe('after 评价期限 (attack52): no rating form the API would refuse', () => {
  afterEach(() => vi.useRealTimers());

  // The case reads responded until the deadline watcher closes it as 逾期未评价; the API refuses a rating
  // after rateBy (409 rating_window_closed), and the form came back after each refusal.
  it('a responded case past its rateBy says the window closed and offers no submit', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-18T01:00:00.000Z'));
    await open(view({ rateBy: '2026-12-17T15:59:59.999Z' }));
    expect((await screen.findByTestId('rating-window-closed')).textContent).toContain('2026/12/17 23:59');
    expect(screen.queryByRole('button', { name: '提交评价' })).toBeNull();
  });

  it('still: before its rateBy the form is offered', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-17T15:59:59.000Z'));
    await open(view({ rateBy: '2026-12-17T15:59:59.999Z' }));
    await waitFor(() => expect(screen.getByRole('button', { name: '提交评价' })).toBeTruthy());
    expect(screen.queryByTestId('rating-window-closed')).toBeNull();
  });
});

describe('a code that cannot be one (the API’s 400 names ref)', () => {
  it('says the code is mistyped and how one looks, not that the code or key is wrong', async () => {
    fakeFetch.answer('GET /api/petitions/WZ2026-12', () => ({
      status: 400,
      body: {
        statusCode: 400,
        message: 'ref: must be a petition id (UUID) or a tracking code WZyyyymmdd-XXXXXXXXXX',
        details: [
          { field: 'ref', rule: 'isPetitionRef', message: 'must be a petition id (UUID) or a tracking code WZyyyymmdd-XXXXXXXXXX' },
        ],
      },
    }));
    renderScreen(<MyCasePage />, { path: '/my?code=WZ2026-12' });
    fireEvent.change(await screen.findByLabelText('查询密钥'), { target: { value: 'k-1' } });
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    expect((await screen.findByRole('alert')).textContent).toContain('查询码格式不正确');
    expect(screen.getByRole('alert').textContent).toContain('WZ20261012-7K3M9Q2XAB');
  });

  it('a well-formed code the key does not open: only that the two do not match', async () => {
    fakeFetch.answer(`GET /api/petitions/${CODE}`, () => ({ status: 404, body: { statusCode: 404, message: 'not found' } }));
    renderScreen(<MyCasePage />, { path: `/my?code=${CODE}` });
    fireEvent.change(await screen.findByLabelText('查询密钥'), { target: { value: 'k-2' } });
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    expect((await screen.findByRole('alert')).textContent).toBe('查询码或查询密钥不正确。');
  });
});

describe('跟帖 and what comes next on 我的留言 (newcomer, cit53 #1 and #4)', () => {
  const waiting = (over: Partial<PetitionView>) =>
    view({ status: 'submitted', answer: undefined, steps: [{ at: at(1), step: 'received' }], shownPublicly: false, ...over });

  it('a case not on the public site (publication refused) offers no comment form, and says why in Chinese', async () => {
    await open(view({ status: 'in_progress', answer: undefined, publicConsent: false, shownPublicly: false, steps: answered.slice(0, 4) }));
    expect(screen.queryByRole('button', { name: m.myCase.sendComment })).toBeNull();
    expect(screen.getByTestId('no-comments').textContent).toBe(m.citizenNext.commentNotPublic);
  });

  it('awaiting review: 审核期限 from the API, what comes next, and 跟帖 only once it is public', async () => {
    await open(waiting({ publicConsent: true, reviewBy: '2026-12-02T10:00:00.000Z' }));
    expect(screen.getByTestId('my-case').textContent).toContain(`${m.citizenNext.reviewBy}2026/12/02 18:00`);
    const next = screen.getByTestId('next-steps').textContent;
    expect(next).toContain('市民热线办公室将在 2026/12/02 18:00 前审核您的留言');
    expect(next).toContain(m.citizenNext.published);
    expect(screen.queryByRole('button', { name: m.myCase.sendComment })).toBeNull();
    expect(screen.getByTestId('no-comments').textContent).toBe(m.citizenNext.commentAfterReview);
  });

  it('a case on the public site has the comment form; a 404 meanwhile (taken off) is said in Chinese, not the API’s English', async () => {
    await open(view({ shownPublicly: true }));
    fakeFetch.answer(`POST /api/petitions/${CODE}/comments`, {
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: `petition ${CODE} not found` },
    });
    fireEvent.change(screen.getByLabelText(m.myCase.commentText), { target: { value: '请问进展如何' } });
    fireEvent.click(screen.getByRole('button', { name: m.myCase.sendComment }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(m.citizenNext.commentNotPublic));
  });

  it('the steps mark a passed 签收期限 of a case not signed for as 已超期, as the public page does', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-05T02:00:00.000Z'));
    await open(
      view({
        status: 'dispatched',
        answer: undefined,
        steps: [...answered.slice(0, 2), { ...answered[2], acknowledgeBy: '2026-12-02T15:59:59.999Z' }],
      }),
    );
    expect(screen.getByTestId('deadline-overdue').parentElement?.textContent).toBe('签收期限：2026/12/02 23:59 已超期');
    vi.useRealTimers();
  });
});
