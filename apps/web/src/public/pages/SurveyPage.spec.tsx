import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PublicSurvey } from '../../shared/surveys';
import { fakeFetch } from '../../test/fake-fetch';
import { fieldMessage, renderScreen } from '../../test/render';
import SurveyPage from './SurveyPage';

// 网上调查: what refuses a citizen's phone or answer (a 409 or 429 with its rule, a wrong SMS code) is
// said in Chinese, never in the API's English (apps/api/src/surveys/phone-codes.ts, libs/survey).

const ID = 's1';
const survey: PublicSurvey = {
  id: ID,
  departmentId: 'd1',
  title: '城市供水服务满意度调查',
  description: null,
  status: 'open',
  opensAt: '2020-01-01T00:00:00.000Z',
  closesAt: '2099-01-01T00:00:00.000Z',
  resultsVisibility: 'staff',
  responses: 0,
  questions: [{ id: 'q1', kind: 'single', text: '是否使用过供水热线？', options: ['是', '否'], required: true }],
  results: null,
};

const open = async () => {
  fakeFetch.answer(`GET /api/public/surveys/${ID}`, { status: 200, body: survey });
  fakeFetch.answer('GET /api/departments', { status: 200, body: { items: [] } });
  renderScreen(<SurveyPage />, { path: `/surveys/${ID}`, route: '/surveys/:id' });
  fireEvent.click(await screen.findByLabelText('是'));
  fireEvent.change(screen.getByLabelText('手机号码'), { target: { value: '139 1234 5678' } });
};

/** A 429 or 409 as the API answers it: its English message and the rule that refused. */
const refusal = (status: 409 | 429, message: string, rule: string, code?: string) => ({
  status,
  body: { statusCode: status, error: status === 429 ? 'Too Many Requests' : 'Conflict', message, rule, ...(code ? { code } : {}) },
});

const submit = async (answer: { status: number; body: unknown }) => {
  fakeFetch.answer(`POST /api/surveys/${ID}/responses`, answer);
  fireEvent.change(screen.getByLabelText('短信验证码'), { target: { value: '123456' } });
  fireEvent.click(screen.getByRole('button', { name: '提交答卷' }));
};

describe('a survey’s refusals in Chinese', () => {
  it('a code asked for again within the minute: said next to 手机号码', async () => {
    await open();
    fakeFetch.answer(
      `POST /api/surveys/${ID}/phone-codes`,
      refusal(429, 'phone: a code was sent less than a minute ago; wait before asking again', 'code_resend_interval'),
    );
    fireEvent.click(screen.getByRole('button', { name: '获取验证码' }));
    await waitFor(() => expect(fieldMessage('手机号码')).toContain('验证码已发送，1 分钟内不能重复获取，请稍后再试。'));
    expect(document.body.textContent).not.toContain('less than a minute');
  });

  it('a wrong code says how many tries are left', async () => {
    await open();
    await submit({
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'code: wrong; 3 attempts left',
        details: [{ field: 'code', rule: 'codeMatches', message: 'code: wrong; 3 attempts left' }],
      },
    });
    await waitFor(() => expect(fieldMessage('短信验证码')).toContain('验证码不正确，还可再试 3 次'));
  });

  it('the phone locked after five wrong codes: until when, in Beijing time', async () => {
    await open();
    await submit(refusal(429, 'phone: locked for this survey until 2026-12-07T19:05:24.347Z after 5 wrong codes', 'phone_locked'));
    await waitFor(() =>
      expect(fieldMessage('短信验证码')).toContain('验证码输错次数过多，此号码暂时不能参与本调查，请于 2026/12/08 03:05 后再试。'),
    );
  });

  it('a phone that already answered: 409 already_responded said as such', async () => {
    await open();
    await submit(refusal(409, 'cannot respond: this respondent has already answered this survey', 'already_responded', 'rule_violation'));
    const alert = await screen.findByText('无法提交：此手机号码已参与过本次调查，每个手机号码只能参与一次。');
    expect(alert).toBeTruthy();
    expect(document.body.textContent).not.toContain('cannot respond');
  });
});
