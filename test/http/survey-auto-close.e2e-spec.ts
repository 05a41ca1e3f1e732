import type { INestApplicationContext } from '@nestjs/common';
import { SurveyWatcher } from '@wenzheng/workers';
import type { FakeClock } from '@wenzheng/petition-store';
import { createWorkerContext } from '../../apps/worker/src/worker-app.module';
import { createTestApp, TestApp } from '../setup/app';
import { installClock, shanghai, useFakeClock, waitForEveryEvent } from '../setup/clock';
import { Tokens, tokens } from '../setup/petitions';
import { bearer, mintToken } from '../setup/tokens';

// Surveys close themselves at their end: one runs to the end of Fri 2026-10-23, another a week
// longer. The worker's watcher closes the first once its period is over, once, as the system.

let t: TestApp;
let tk: Tokens;
let clock: FakeClock;
let worker: INestApplicationContext;
const ids = { short: '', long: '' };

const settle = () => waitForEveryEvent(t.app, t.runtime.pool);
const publish = async (closesAt: string) =>
  (
    await t
      .http()
      .post('/api/surveys')
      .set(bearer(tk.handlerA))
      .send({
        title: '城市供水服务满意度调查',
        questions: [{ id: 'q1', kind: 'scale', text: '满意度' }],
        opensAt: '2026-10-12',
        closesAt,
        resultsVisibility: 'after_close',
      })
      .expect(201)
  ).body.id as string;
const streamTypes = async (id: string) => (await t.runtime.eventStore.readStream(`survey-${id}`)).map((e) => e.type);

beforeAll(async () => {
  t = await createTestApp({ DEADLINE_WATCHER_INTERVAL_MS: '0' });
  tk = await tokens();
  clock = useFakeClock(t.app, shanghai('2026-10-12T09:00:00'));
  worker = await createWorkerContext(t.runtime, { logger: false });
  installClock(worker, clock);
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

it('nothing closes while the period runs', async () => {
  ids.short = await publish('2026-10-23');
  ids.long = await publish('2026-10-30');
  clock.set(shanghai('2026-10-23T23:59:00'));
  await settle();
  expect(await worker.get(SurveyWatcher).runOnce()).toEqual({ closed: 0 });
  expect(await streamTypes(ids.short)).toEqual(['SurveyPublished']);
  // 'after_close': while it runs nobody sees how it is going, even with a response in.
  const citizen = await mintToken({ roles: ['citizen'], sub: 'citizen-early' });
  await t
    .http()
    .post(`/api/surveys/${ids.short}/responses`)
    .set(bearer(citizen))
    .send({ answers: [{ questionId: 'q1', scale: 4 }] })
    .expect(201);
  await settle();
  const page = (await t.http().get(`/api/public/surveys/${ids.short}`).expect(200)).body;
  expect(page).toMatchObject({ status: 'open', resultsVisibility: 'after_close', results: null });
});

it('after its end the watcher closes the survey once, as the system; the other stays open', async () => {
  clock.set(shanghai('2026-10-24T00:00:30'));
  await settle();
  expect(await worker.get(SurveyWatcher).runOnce()).toEqual({ closed: 1 });
  // Again before the read model has seen it, and from the API's own watcher: nothing more.
  expect(await worker.get(SurveyWatcher).runOnce()).toEqual({ closed: 0 });
  expect(await t.app.get(SurveyWatcher).runOnce()).toEqual({ closed: 0 });
  const stream = await t.runtime.eventStore.readStream(`survey-${ids.short}`);
  expect(stream.map((e) => e.type)).toEqual(['SurveyPublished', 'SurveyResponseRecorded', 'SurveyClosed']);
  expect(stream[2].data).toMatchObject({ automatic: true });
  expect(stream[2].metadata).toMatchObject({ actor: { role: 'system' } });
  expect(await streamTypes(ids.long)).toEqual(['SurveyPublished']);

  await settle();
  const page = (await t.http().get(`/api/public/surveys/${ids.short}`).expect(200)).body;
  expect(page.status).toBe('closed');
  expect(page.results[0]).toMatchObject({ answered: 1, mean: 4 }); // published once it closed
  expect((await t.http().get(`/api/public/surveys/${ids.long}`).expect(200)).body.results).toBeNull();
  expect((await t.http().get(`/api/public/surveys/${ids.long}`).expect(200)).body.status).toBe('open');
  const citizen = await mintToken({ roles: ['citizen'], sub: 'citizen-late' });
  await t
    .http()
    .post(`/api/surveys/${ids.short}/responses`)
    .set(bearer(citizen))
    .send({ answers: [{ questionId: 'q1', scale: 5 }] })
    .expect(409);
});

it('the second closes at its own end', async () => {
  clock.set(shanghai('2026-10-31T00:01:00'));
  await settle();
  expect(await worker.get(SurveyWatcher).runOnce()).toEqual({ closed: 1 });
  expect(await streamTypes(ids.long)).toEqual(['SurveyPublished', 'SurveyClosed']);
});
