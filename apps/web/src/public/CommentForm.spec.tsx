import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { m } from '../i18n';
import { im, questionRefusal } from '../shared/interviews';
import { fakeFetch } from '../test/fake-fetch';
import { renderScreen } from '../test/render';
import { CommentForm } from './CommentForm';

// 跟帖 and a question to an interview refused (409): said in the citizen's words by the decider's rule or
// code, never the API's English.

const CODE = 'WZ20261201-7K3M9Q2XAB';
const refusal = (rule: string | undefined, code: string, message: string) => ({
  status: 409,
  body: { statusCode: 409, error: 'Conflict', message, code, ...(rule && { rule }) },
});

async function send(text: string): Promise<string> {
  renderScreen(<CommentForm reference={CODE} invalidate={['case', CODE]} />);
  fireEvent.change(screen.getByLabelText(m.myCase.commentText), { target: { value: text } });
  fireEvent.click(screen.getByRole('button', { name: m.myCase.sendComment }));
  return (await screen.findByRole('alert')).textContent ?? '';
}

describe('跟帖 refused', () => {
  it('after the comment window says so in Chinese, not "cannot comment: comments closed …"', async () => {
    fakeFetch.answer(
      `POST /api/petitions/${CODE}/comments`,
      refusal(
        'comment_window_closed',
        'rule_violation',
        'cannot comment: comments closed 2026-11-01T15:59:59.999Z, 30 days after the petition closed',
      ),
    );
    const said = await send('我也遇到过同样的问题');
    expect(said).toBe(m.myCase.commentRefused.comment_window_closed);
    expect(said).not.toMatch(/cannot|comment/);
  });

  it('a case closed without an answer (illegal_state, which names no rule) by its code', async () => {
    fakeFetch.answer(`POST /api/petitions/${CODE}/comments`, refusal(undefined, 'illegal_state', 'cannot comment: petition is closed'));
    expect(await send('请问进展如何')).toBe(m.myCase.commentRefused.illegal_state);
  });

  it('a refusal it does not know keeps the API’s message', async () => {
    fakeFetch.answer(`POST /api/petitions/${CODE}/comments`, refusal('something_new', 'rule_violation', 'cannot comment: something new'));
    expect(await send('请问进展如何')).toBe('cannot comment: something new');
  });
});

describe('在线访谈: a question refused (409)', () => {
  it('the interview ended meanwhile (illegal_state) is said in Chinese; another 409 keeps the API’s words', () => {
    const ended = new ApiError(409, 'cannot submit a question: interview is ended', 'illegal_state');
    expect(questionRefusal(ended)).toBe(`${im.form.conflict}：${im.form.notTaking}`);
    expect(questionRefusal(ended)).not.toMatch(/cannot/);
    expect(questionRefusal(new ApiError(409, 'cannot do it', 'rule_violation', undefined, 'x'))).toBe(
      `${im.form.conflict}（cannot do it）`,
    );
  });
});
