import { EVENT_STORE } from '@wenzheng/platform';
import { AppendOptions, EventStore, EventToAppend } from '@wenzheng/event-store';
import { ConcurrencyConflictError, PetitionCommandRunner } from '@wenzheng/command-runner';
import { Clock, PetitionEventCodec, citizenNamesIn } from '@wenzheng/petition-store';
import { MetricsService, ReferenceDataService } from '@wenzheng/read-models';
import { redactText } from '@wenzheng/redaction';
import { AttachmentStore } from '../../apps/api/src/attachments/attachment-store';
import { createTestApp, TestApp } from '../setup/app';
import { CITIZEN, DEPT_A, Tokens, dispatched, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// An attacking helper's findings in 560d6c6 (the command runner deciding on its kept fold), written
// so that they run unchanged on 35655a4 (every command read its stream whole), where they pass.

let t: TestApp;
let tk: Tokens;
let runner: PetitionCommandRunner;
let store: EventStore;

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  runner = t.app.get(PetitionCommandRunner);
  store = t.app.get(EVENT_STORE);
});
afterAll(async () => t.close());

const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);
const handlerA = { id: 'handler-a', role: 'handler' as const, departmentId: DEPT_A };
const newRunner = (s: EventStore) =>
  new PetitionCommandRunner(s, t.app.get(ReferenceDataService), t.app.get(PetitionEventCodec), t.app.get(Clock), t.app.get(MetricsService));
const interim = (r: PetitionCommandRunner, id: string, commandId: string) =>
  r.execute(id, (context) => ({ type: 'ReplyInterim', data: { petitionId: id, text: '正在协调，请耐心等待。' }, context }) as never, {
    commandId,
    actor: handlerA,
  });

describe('the kept fold answers as a whole read', () => {
  it('an erasure that destroyed the key but failed before its event: the next command masks free text as a whole read would', async () => {
    const p = await dispatched(t, tk);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);

    // The erasure destroys the key, then fails deleting the attachments (its event is not appended;
    // "a request that fails between them is completed by the next one").
    const attachments = t.app.get(AttachmentStore);
    const spy = jest.spyOn(attachments, 'eraseCase').mockRejectedValueOnce(new Error('blob store unavailable'));
    const erase = await post(`/api/admin/petitions/${p.id}/erasure`, tk.admin, { reason: 'PIPL-2026-777 删除请求' });
    expect(erase.status).toBeGreaterThanOrEqual(500);
    spy.mockRestore();

    // What a command reading the stream whole masks free text with now: the key is gone, so is the name.
    const names = citizenNamesIn((await runner.load(p.id)).events);
    const answer = `${CITIZEN.name}您好，停水问题已经处理完毕，供水已恢复。`;
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer }).expect(200);
    const { rows } = await t.runtime.pool.query<{ data: { redacted: { answer: string } } }>(
      `select data from wz_es.events where stream_id = $1 and type = 'PetitionResponded'`,
      [`petition-${p.id}`],
    );
    expect(rows[0].data.redacted.answer).toBe(redactText(answer, { names }));
  });

  it('a command whose view went stale before it began still survives CONFLICT_ATTEMPTS - 1 lost races (as a whole read did)', async () => {
    const p = await dispatched(t, tk);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    const stream = `petition-${p.id}`;
    const head = async () => (await store.readStream(stream)).at(-1)!.revision;

    // Another writer that wins the race whenever this runner's append would have gone through, 31 times.
    let wins = 0;
    let adversary = false;
    const racing: EventStore = Object.create(store, {
      appendToStream: {
        value: async (id: string, events: readonly EventToAppend[], options?: AppendOptions) => {
          if (adversary && id === stream && wins < 31 && options?.expectedRevision === (await head())) {
            wins++;
            await interim(runner, p.id, `adversary-${wins}`);
          }
          return store.appendToStream(id, events, options);
        },
      },
    });
    const mine = newRunner(racing);
    await interim(mine, p.id, 'mine-1');
    // Someone else writes (no race: before the next command begins).
    await interim(runner, p.id, 'other-1');

    adversary = true;
    let error: unknown;
    const result = await interim(mine, p.id, 'mine-2').catch((e) => {
      error = e;
      return undefined;
    });
    expect(wins).toBe(31);
    expect(error).not.toBeInstanceOf(ConcurrencyConflictError);
    expect(result?.events.length).toBe(1);
  });
});
