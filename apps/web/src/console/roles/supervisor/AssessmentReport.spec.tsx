import { fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from '../../../test/fake-fetch';
import { renderScreen, staffToken } from '../../../test/render';
import { signIn } from '../../session';
import AssessmentReport, { exclusiveEnd, periodText } from './AssessmentReport';

// 考核报表: the supervisor picks the first and the last day (both included); the API reads `to` as
// exclusive (the next day's 00:00 in Beijing time). The deductions are listed on the screen a page
// at a time, with the case's tracking code and the reason.

const department = {
  rank: 1,
  departmentId: 'd1',
  name: '市综合行政执法局',
  score: 97,
  deductedPoints: 3,
  received: 4,
  respondedOnTimeRate: 0.75,
  satisfactionRate: null,
  deductions: [],
};

const AS_OF = '2026-12-15T10:00:00.000+08:00';

const deduction = (i: number) => ({
  rule: i === 0 ? 'automatic_escalation' : 'missed_response',
  trackingCode: `WZ20261201-${String(i).padStart(10, '0')}`,
  petitionId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  consultationId: null,
  deadline: 'response',
  dueAt: '2026-12-10T23:59:59.999+08:00',
  deadlineEventId: null,
  evidence: i === 0 ? 'escalation' : 'red_light',
  eventId: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  at: '2026-12-11T09:00:00.000+08:00',
  points: i === 0 ? 3 : 1,
  departmentId: 'd1',
  departmentName: '市综合行政执法局',
  rank: 1,
  ruleLabel: i === 0 ? '自动督办' : '办复超期',
  evidenceLabel: i === 0 ? '督办' : '亮红灯',
});

describe('考核报表', () => {
  beforeEach(() => {
    // 10:00 on 15 December 2026 in Beijing; only Date is faked, so the screen's timers still run.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-15T10:00:00+08:00'));
    signIn(staffToken('supervisor'));
  });
  afterEach(() => vi.useRealTimers());

  it('shows this month with both days included and asks the API up to the next day', async () => {
    fakeFetch
      .answer('GET /api/reports/assessment', { status: 200, body: { asOf: AS_OF, departments: [department] } })
      .answer('GET /api/reports/assessment/deductions', { status: 200, body: { total: 0, offset: 0, limit: 20, items: [] } });
    renderScreen(<AssessmentReport />);
    expect(await screen.findByText('市综合行政执法局')).toBeTruthy();
    expect(screen.getByTestId('report-period-text').textContent).toBe('考核期间：2026年12月1日至12月31日（含首尾两日）');
    const inputs = screen.getAllByRole('textbox') as HTMLInputElement[];
    expect(inputs.map((i) => i.value)).toEqual(['2026-12-01', '2026-12-31']);
    const [call] = fakeFetch.calls('GET /api/reports/assessment');
    expect([call.query.get('from'), call.query.get('to')]).toEqual(['2026-12-01', '2027-01-01']);
    const [page] = fakeFetch.calls('GET /api/reports/assessment/deductions');
    expect([page.query.get('from'), page.query.get('to'), page.query.get('offset'), page.query.get('limit')]).toEqual([
      '2026-12-01',
      '2027-01-01',
      '0',
      '20',
    ]);
  });

  it('lists the deductions with tracking code and reason, a page at a time, with their count', async () => {
    fakeFetch
      .answer('GET /api/reports/assessment', { status: 200, body: { asOf: AS_OF, departments: [department] } })
      .answer('GET /api/reports/assessment/deductions', (seen) => {
        const offset = Number(seen.query.get('offset'));
        const items = Array.from({ length: offset === 0 ? 20 : 5 }, (_, i) => deduction(offset + i));
        return { status: 200, body: { total: 25, offset, limit: 20, items } };
      });
    renderScreen(<AssessmentReport />);
    expect(await screen.findByText('WZ20261201-0000000000')).toBeTruthy();
    expect(screen.getByText('自动督办（督办）')).toBeTruthy();
    expect(screen.getAllByText('办复超期（亮红灯）')).toHaveLength(19);
    expect(screen.getByTestId('deductions-count').textContent).toContain('共 25 条扣分');
    fireEvent.click(screen.getByTitle('2'));
    expect(await screen.findByText('WZ20261201-0000000024')).toBeTruthy();
    expect(fakeFetch.calls('GET /api/reports/assessment/deductions').map((s) => s.query.get('offset'))).toEqual(['0', '20']);
  });

  // attack: each page was asked at the time of its click (asOf defaulted to now), so a deadline passed
  // between two clicks moved the rows after it: page 2 repeated page 1's last row or skipped one, and
  // neither matched the figures above. Every page and the download now carry the figures' asOf.
  it('asks every page of deductions, and the download, at the report time of the figures shown', async () => {
    fakeFetch
      .answer('GET /api/reports/assessment', (seen) =>
        seen.query.get('format')
          ? { status: 503, body: { message: 'not now' } }
          : { status: 200, body: { asOf: AS_OF, departments: [department] } },
      )
      .answer('GET /api/reports/assessment/deductions', (seen) => {
        const offset = Number(seen.query.get('offset'));
        const items = Array.from({ length: offset === 0 ? 20 : 5 }, (_, i) => deduction(offset + i));
        return { status: 200, body: { total: 25, offset, limit: 20, asOf: AS_OF, items } };
      });
    renderScreen(<AssessmentReport />);
    expect(await screen.findByText('WZ20261201-0000000000')).toBeTruthy();
    vi.setSystemTime(new Date('2026-12-15T10:05:00+08:00')); // the supervisor reads for five minutes
    fireEvent.click(screen.getByTitle('2'));
    expect(await screen.findByText('WZ20261201-0000000024')).toBeTruthy();
    expect(fakeFetch.calls('GET /api/reports/assessment/deductions').map((s) => s.query.get('asOf'))).toEqual([AS_OF, AS_OF]);
    fireEvent.click(screen.getByRole('button', { name: '下载 Excel' }));
    await screen.findByRole('alert');
    const file = fakeFetch.calls('GET /api/reports/assessment').find((c) => c.query.get('format') === 'xlsx');
    expect(file?.query.get('asOf')).toBe(AS_OF);
  });

  it('reads a picked last day as included: 12-31 is sent as 2027-01-01, and the period says the years when they differ', () => {
    expect(exclusiveEnd('2026-12-31')).toBe('2027-01-01');
    expect(exclusiveEnd('2028-02-28')).toBe('2028-02-29');
    expect(periodText('2026-12-01', '2026-12-31')).toBe('考核期间：2026年12月1日至12月31日（含首尾两日）');
    expect(periodText('2026-12-01', '2027-01-31')).toBe('考核期间：2026年12月1日至2027年1月31日（含首尾两日）');
  });
});
