import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Steps } from './Steps';

// The dispatch as staff read it names the assisting departments (协办) and their due dates: the
// step showed the lead alone, so a handler could not see who else was asked, nor by when.
describe('the handling steps', () => {
  it('show the assisting departments of a dispatch with their 协办时限', () => {
    render(
      <Steps
        steps={[
          {
            at: '2026-12-01T04:34:11.785Z',
            step: 'dispatched',
            departmentName: '市综合行政执法局',
            assisting: [{ departmentName: '洞头区人民政府', contributeBy: '2026-12-08T15:59:59.999Z' }],
          },
        ]}
      />,
    );
    expect(screen.getByTestId('step-assisting').textContent).toMatch(/^协办单位：洞头区人民政府（协办时限 2026\/12\/08 23:59）$/);
  });
});
