import { PROJECTIONS } from '@wenzheng/read-models';
import { createTestApp, TestApp } from '../setup/app';
import { waitForEveryEvent } from '../setup/clock';
import { submit } from '../setup/petitions';

// Every read model the projector keeps shows its lag in /metrics, so a stalled projection is seen
// by the scraper, not only by the readers of a stale page.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const names = PROJECTIONS.map((p) => p.name);
const GAUGES = ['wz_projection_lag_events', 'wz_projection_lag_seconds', 'wz_projection_events_processed'];

describe('/metrics: projection lag for every projection', () => {
  it('the projector keeps the read models of issue 12 among the others', () => {
    expect([...names].sort()).toEqual([
      'consultation_summary_facts',
      'consultation_views',
      'department_performance',
      'interview_views',
      'notification_outbox',
      'open_deadlines',
      'petition_views',
      'public_steps',
      'supervisor_inbox',
      'survey_results',
    ]);
  });

  it.each(names)('%s: its lag in events and seconds and its events processed; caught up, its lag is 0', async (name) => {
    await submit(t);
    await waitForEveryEvent(t.app, t.runtime.pool);
    const { text } = await t.http().get('/metrics').expect(200);
    for (const gauge of GAUGES) expect(text).toMatch(new RegExp(`^${gauge}\\{projection="${name}"\\} \\d+(\\.\\d+)?$`, 'm'));
    expect(text).toMatch(new RegExp(`^wz_projection_lag_events\\{projection="${name}"\\} 0$`, 'm'));
  });
});
