import { InterviewQuestionPetition1795640000000 } from '@wenzheng/read-models';
import { createTestApp, TestApp } from '../setup/app';
import { Tokens, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// The bench's interview step (issue 17) crawled to a stop: every write of a session goes to the one
// interview stream, and the runner let each concurrent request read the whole stream, decide and
// try to append; one of N won each round and the others read everything again, up to 8 times and
// then answered 409. Under 50 questions a second the API spent its CPU re-reading the stream, the
// projector's batch transactions sat "idle in transaction" waiting for the event loop, and holding
// back the snapshot they delayed every subscriber. Commands on one interview now queue in the
// process and read only what is new.

const CONCURRENT = 60;

let t: TestApp;
let tk: Tokens;
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
});
afterAll(async () => t?.close());

it(`${CONCURRENT} concurrent questions on one interview: each accepted once, the stream read incrementally, no transaction left open`, async () => {
  const body = { topic: '并发提问', guests: [{ name: '王建国', title: '局长' }], startsAt: inHours(1), endsAt: inHours(2) };
  const { id } = (await t.http().post('/api/interviews').set(bearer(tk.handlerA)).send(body).expect(201)).body as { id: string };
  await t.http().post(`/api/interviews/${id}/start`).set(bearer(tk.handlerA)).expect(200);

  const store = t.runtime.eventStore;
  const readStream = store.readStream.bind(store);
  let eventsRead = 0;
  const spy = jest.spyOn(store, 'readStream').mockImplementation(async (...args) => {
    const events = await readStream(...args);
    eventsRead += events.length;
    return events;
  });
  let answers;
  try {
    answers = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        t
          .http()
          .post(`/api/interviews/${id}/questions`)
          .send({ text: `并发问题 ${i}` }),
      ),
    );
  } finally {
    spy.mockRestore();
  }
  expect(answers.map((r) => r.status)).toEqual(Array(CONCURRENT).fill(201));
  const { rows } = await t.runtime.pool.query<{ n: string }>(
    `select count(*) as n from wz_es.events where stream_id = $1 and type = 'InterviewQuestionSubmitted'`,
    [`interview-${id}`],
  );
  expect(Number(rows[0].n)).toBe(CONCURRENT);
  // Re-reading the whole stream for every attempt reads O(N²) events (thousands here); incremental reads about N.
  expect(eventsRead).toBeLessThan(CONCURRENT * 4);

  // Nothing the requests started is left open once they have answered (the projector's batches commit within moments).
  await t.waitForProjections();
  const open = await t.runtime.pool.query(
    `select pid from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'
        and state_change < clock_timestamp() - interval '1 second'`,
  );
  expect(open.rows).toEqual([]);
});

it('a case page finds the interview question its petition came from by an index (projection and migration)', async () => {
  const explain = async () => {
    const c = await t.runtime.pool.connect();
    try {
      await c.query('set enable_seqscan = off');
      const { rows } = await c.query<{ 'QUERY PLAN': string }>(
        `explain select question_id from wz_rm.interview_questions where petition_id = $1`,
        ['0b9f0000-0000-4000-8000-000000000000'],
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      c.release();
    }
  };
  expect(await explain()).toMatch(/interview_questions_petition_id_idx/);
  // A table created before the index: the migration adds it.
  await t.runtime.pool.query(`drop index wz_rm.interview_questions_petition_id_idx`);
  expect(await explain()).not.toMatch(/petition_id_idx/);
  const runner = t.runtime.dataSource.createQueryRunner();
  try {
    await new InterviewQuestionPetition1795640000000().up(runner);
  } finally {
    await runner.release();
  }
  expect(await explain()).toMatch(/interview_questions_petition_id_idx/);
});
