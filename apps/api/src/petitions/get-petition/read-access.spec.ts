import { ExistingPetitionState, PetitionEvent, fold } from '@wenzheng/petition';
import { ROADS, SUBMITTER, WATER, ev, history } from '../../../../../libs/petition/src/testing/fixtures';
import type { Principal } from '../../auth/principal';
import { REPORTER_IDENTITY_RELEASED } from '@wenzheng/platform-events';
import * as readAccessModule from './read-access';
import { CURRENT_DEPARTMENT_READ, HOTLINE_OFFICE_READ, RELEASED_REPORTER_READ, readAccess } from './read-access';
import { zhCN } from '../../../../web/src/i18n/zh-CN';

const staff = (roles: Principal['roles'], departmentId?: string): Principal => ({
  sub: `${roles.join('+')}-1`,
  roles,
  ...(departmentId && { departmentId }),
});
const water = staff(['handler'], WATER);
const roads = staff(['handler'], ROADS);
const access = (events: PetitionEvent[], principal?: Principal, reason?: string, holdsAccessKey = false) =>
  readAccess({ principal, reason, holdsAccessKey }, fold(events) as ExistingPetitionState, events);
const report = (events: PetitionEvent[]) => [ev.submitted({ kind: 'report' }), ...events.slice(1)];
const release = (departmentId: string) =>
  ({
    type: REPORTER_IDENTITY_RELEASED,
    data: { petitionId: 'p', at: '2026-03-04T00:00:00Z', departmentId, reason: '核实需要' },
  }) as never as PetitionEvent;

describe('readAccess', () => {
  it('the submitter (access key or own citizen token) in clear, not logged; another citizen nothing', () => {
    expect(access(history.dispatched(), undefined, undefined, true)).toEqual({ see: 'clear' });
    expect(access(history.dispatched(), { sub: SUBMITTER.userId as string, roles: ['citizen'] })).toEqual({ see: 'clear' });
    expect(access(history.dispatched(), { sub: 'citizen-2', roles: ['citizen'] })).toEqual({ see: 'nothing' });
    expect(access(history.dispatched(), undefined)).toEqual({ see: 'nothing' });
  });

  it('reviewers and the current department in clear, logged; before dispatch no department at all', () => {
    expect(access(history.submitted(), staff(['reviewer']))).toEqual({ see: 'clear', logAs: HOTLINE_OFFICE_READ });
    for (const h of [history.dispatched(), history.responded(), history.closedRated()]) {
      expect(access(h, water)).toEqual({ see: 'clear', logAs: CURRENT_DEPARTMENT_READ });
    }
    expect(access(history.accepted(), water)).toEqual({ see: 'nothing' });
    expect(access(history.dispatched(), roads)).toEqual({ see: 'nothing' });
    expect(access(history.dispatched(), roads, '核查需要的理由')).toEqual({ see: 'nothing' });
  });

  it('a department that returned the case, and oversight roles: masked, in clear with a reason (logged as that reason)', () => {
    expect(access(history.returned(), water)).toEqual({ see: 'masked' });
    expect(access(history.returned(), water, '复核退单理由')).toEqual({ see: 'clear', logAs: '复核退单理由' });
    for (const role of ['supervisor', 'auditor', 'admin'] as const) {
      expect(access(history.dispatched(), staff([role]))).toEqual({ see: 'masked' });
      expect(access(history.dispatched(), staff([role]), '纪检 2026-01')).toEqual({ see: 'clear', logAs: '纪检 2026-01' });
    }
  });

  it('a report: the department it concerns sees the reporter masked, cannot unmask by itself, sees it once released to it', () => {
    const dispatchedReport = report(history.dispatched());
    expect(access(dispatchedReport, water)).toEqual({ see: 'masked' });
    expect(access(dispatchedReport, water, '需要联系举报人')).toMatchObject({ see: 'refused' });
    expect(access([...dispatchedReport, release(ROADS)], water)).toEqual({ see: 'masked' });
    expect(access([...dispatchedReport, release(WATER)], water)).toEqual({ see: 'clear', logAs: RELEASED_REPORTER_READ });
    expect(access(dispatchedReport, staff(['reviewer']))).toEqual({ see: 'clear', logAs: HOTLINE_OFFICE_READ });
    expect(access(dispatchedReport, staff(['supervisor']), '督查需要的理由')).toEqual({ see: 'clear', logAs: '督查需要的理由' });
    expect(access(report(history.returned()), water, '复核退单理由')).toMatchObject({ see: 'refused' });
  });
});

describe('the routine reasons of the access log', () => {
  it('each has a Chinese label for the auditor screen (the stored rows stay as written)', () => {
    const routine = Object.entries(readAccessModule)
      .filter(([name, value]) => name.endsWith('_READ') && typeof value === 'string')
      .map(([, value]) => value as string);
    expect(routine.length).toBeGreaterThanOrEqual(4);
    for (const reason of routine) expect(zhCN.console.accessReasons[reason]).toMatch(/^办理：/);
  });
});
