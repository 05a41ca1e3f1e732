import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { Problem } from './Problem';

// Problem shows every refusal a page cannot place next to a field (41 places): a 400 said in Chinese by its
// rule, not the API's English (a newcomer saw "trackingCode: must look like …" on /cases/hello).
describe('Problem', () => {
  it('says a 400 by the rules it names, in Chinese, each once', () => {
    const error = new ApiError(400, 'trackingCode: must look like WZ20261012-7K3M9Q2XAB', undefined, [
      { field: 'trackingCode', rule: 'isTrackingCode', message: 'must look like WZ20261012-7K3M9Q2XAB' },
    ]);
    render(<Problem error={error} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('查询码格式不正确');
    expect(alert.textContent).not.toContain('must look like');
  });

  it('a period too long and a second problem of the same rule: said once', () => {
    const maxRange = { field: 'to', rule: 'maxRange', message: 'to must be at most 366 days after from' };
    render(<Problem error={new ApiError(400, 'to: must be at most 366 days after from', undefined, [maxRange, maxRange])} />);
    expect(screen.getByRole('alert').textContent).toContain('日期范围过长');
    expect(screen.getByRole('alert').textContent?.match(/日期范围过长/g)).toHaveLength(1);
  });

  it('anything else: the message (a network failure has no rule)', () => {
    render(<Problem error={new Error('网络错误，请稍后重试')} />);
    expect(screen.getByRole('alert').textContent).toContain('网络错误');
  });
});
