import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeFetch } from '../../../test/fake-fetch';
import { renderScreen, staffToken } from '../../../test/render';
import { ConsoleApp } from '../../ConsoleApp';
import { signIn } from '../../session';

// As the API writes them (apps/api/src/petitions/get-petition/read-access.ts; its spec checks that
// every one has a label in zh-CN.ts).
const HOTLINE_OFFICE_READ = 'handling: hotline office (reviewer)';
const CURRENT_DEPARTMENT_READ = 'handling: current department';
const CO_HANDLING_READ = 'handling: assisting department (协办) or unit passed down to (下派)';
const RELEASED_REPORTER_READ = 'handling: current department, reporter identity released by a supervisor';

// 访问日志: the API records its routine reasons in English (stored rows, kept as written); the
// auditor reads them in Chinese, and a reason a reader stated as it was stated.

const entry = (id: string, reason: string) => ({
  id,
  accessedAt: '2026-12-01T04:34:04.277Z',
  sub: 'reviewer-1',
  roles: ['reviewer'],
  petitionId: '39853f30-24fb-4b55-8daf-3fde2672310d',
  route: 'GET /api/petitions/:id',
  reason,
});

describe('访问日志', () => {
  it('shows every routine reason in Chinese and a stated one as stated', async () => {
    fakeFetch.answer('GET /api/audit/access-log', {
      status: 200,
      body: {
        items: [
          entry('1', HOTLINE_OFFICE_READ),
          entry('2', CURRENT_DEPARTMENT_READ),
          entry('3', CO_HANDLING_READ),
          entry('4', RELEASED_REPORTER_READ),
          entry('5', '纪检监察 2026-017 号核查'),
        ],
      },
    });
    signIn(staffToken('auditor'));
    renderScreen(<ConsoleApp />, { path: '/access-log' });
    await waitFor(() => expect(screen.getByText('纪检监察 2026-017 号核查')).toBeTruthy());
    expect(screen.getByText('办理：市长专线办公室（值班员）')).toBeTruthy();
    expect(screen.getByText('办理：当前承办部门')).toBeTruthy();
    expect(screen.getByText('办理：协办部门或下派单位')).toBeTruthy();
    expect(screen.getByText('办理：当前承办部门（督查室已准予查看举报人身份）')).toBeTruthy();
    expect(document.body.textContent).not.toContain('handling:');
  });
});
