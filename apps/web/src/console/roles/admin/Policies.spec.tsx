import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeFetch } from '../../../test/fake-fetch';
import { fieldMessage, renderScreen, staffToken } from '../../../test/render';
import { ConsoleApp } from '../../ConsoleApp';
import { signIn } from '../../session';

// 时限政策: what the admin types is what is sent. antd's number input clamped 90 to its max of 60 on blur and
// read 1e1 as 10, values nobody typed saved without a word; each field's range is the API's, said next to it.

const suggestion = {
  kind: 'suggestion',
  acknowledgeWithinWorkingDays: 1,
  respondWithinWorkingDays: 8,
  escalateAfterOverdueWorkingDays: 3,
  maxExtensionWorkingDays: 10,
  decideExtensionWithinWorkingDays: 2,
  rateWithinWorkingDays: 5,
  maxReopens: 1,
  callbackAttempts: 3,
  updatedAt: '2026-12-01T01:00:00.000Z',
};

const edit = async () => {
  fakeFetch.answer('GET /api/admin/policies', { status: 200, body: { items: [suggestion] } });
  signIn(staffToken('admin'));
  renderScreen(<ConsoleApp />, { path: '/admin/policies' });
  fireEvent.click(await screen.findByRole('button', { name: '修改 建议' }));
  return (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
};
const submit = () => fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));

describe('时限政策', () => {
  it('sends what was typed, beyond the range the screen used to clamp to, and shows the API’s range next to the field', async () => {
    fakeFetch.answer('PUT /api/admin/policies/suggestion', {
      status: 400,
      body: {
        statusCode: 400,
        message: 'respondWithinWorkingDays: must be an integer from 1 to 60',
        details: [{ field: 'respondWithinWorkingDays', rule: 'isIntegerBetween', message: 'must be an integer from 1 to 60' }],
      },
    });
    const type = await edit();
    type('答复时限（工作日）', '90');
    type('签收时限（工作日）', '２');
    submit();
    await waitFor(() => expect(fakeFetch.calls('PUT /api/admin/policies/suggestion')).toHaveLength(1));
    const body = fakeFetch.calls('PUT /api/admin/policies/suggestion')[0].body as Record<string, unknown>;
    expect(body).toMatchObject({ respondWithinWorkingDays: 90, acknowledgeWithinWorkingDays: 2, maxReopens: 1 });
    await waitFor(() => expect(fieldMessage('答复时限（工作日）')).toContain('请输入 1 到 60 之间的整数'));
  });

  it.each(['1e1', '2.5', '0x5', '-3'])('%s is refused next to the field, nothing sent', async (typed) => {
    const type = await edit();
    type('答复时限（工作日）', typed);
    submit();
    await waitFor(() => expect(fieldMessage('答复时限（工作日）')).toContain('只填数字（不带正负号、小数点）'));
    expect(fakeFetch.calls('PUT /api/admin/policies/suggestion')).toHaveLength(0);
  });
});
