import { EVENT_STORE } from '@wenzheng/platform';
import { AppendOptions, EventStore, EventToAppend, KnownRange, WrongExpectedVersionError, verifyChain } from '@wenzheng/event-store';
import { ConcurrencyConflictError, PetitionCommandRunner, foldedFrom } from '@wenzheng/command-runner';
import { Clock, PetitionEventCodec, citizenNamesIn } from '@wenzheng/petition-store';
import { redactText } from '@wenzheng/redaction';
import { AttachmentStore } from '../../apps/api/src/attachments/attachment-store';
import { MetricsService, ReferenceDataService } from '@wenzheng/read-models';
import { FoldedStream, FoldedStreams, STALE_CHECK_FIRST } from '../../libs/command-runner/src/folded-streams';
import { createTestApp, TestApp } from '../setup/app';
import { CITIZEN, DEPT_A, Tokens, dispatched, submit, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// The command runner keeps its own fold of a stream it appended to and, for the next command on
// the case, asks the store only whether the stream is still where it left it
// (readStreamUnlessAt). What it keeps must be what a whole read folds (the state, the commands in
// the stream, the erasure, the citizen's name masked in free text, the chain's last hash), and a
// stream changed by anyone else, another process included, must be read whole again.

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

const kept = (r: PetitionCommandRunner, id: string): FoldedStream | undefined => (r as unknown as { folds: FoldedStreams }).folds.get(id);
const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);

async function expectKeptIsWhole(r: PetitionCommandRunner, id: string) {
  const mine = kept(r, id);
  expect(mine).toBeDefined();
  expect(mine).toEqual(foldedFrom(await r.load(id)));
}

const streamTypesOf = async (id: string) => (await store.readStream(`petition-${id}`)).map((e) => e.type);

async function chainOf(id: string) {
  const events = await store.readStream(`petition-${id}`);
  return verifyChain(`petition-${id}`, events);
}

describe('the command runner’s own fold of a stream', () => {
  it('after every command of a case is what reading the stream whole folds, the citizen’s name included', async () => {
    const p = await submit(t);
    await expectKeptIsWhole(runner, p.id);
    expect(kept(runner, p.id)?.names).toEqual([CITIZEN.name]);
    await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    await expectKeptIsWhole(runner, p.id);
    await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
    await expectKeptIsWhole(runner, p.id);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    await expectKeptIsWhole(runner, p.id);
    // An answer naming the citizen, written from the kept fold: its public copy masks the name.
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: `${CITIZEN.name}您好，停水问题已经处理完毕，供水已恢复。` }).expect(
      200,
    );
    await expectKeptIsWhole(runner, p.id);
    const { rows } = await t.runtime.pool.query<{ data: unknown }>(
      `select data from wz_es.events where stream_id = $1 and type = 'PetitionResponded'`,
      [`petition-${p.id}`],
    );
    expect(JSON.stringify(rows[0].data)).not.toContain(CITIZEN.name);
    await t.http().post(`/api/petitions/${p.id}/rate`).set('x-access-key', p.accessKey).send({ satisfaction: 'satisfied' }).expect(200);
    await expectKeptIsWhole(runner, p.id);
    expect(await chainOf(p.id)).toBeUndefined();
  });

  it('a stream another process appended to is read whole: the next command decides on it and the chain holds', async () => {
    const p = await submit(t);
    const before = kept(runner, p.id);
    expect(before?.state.status).toBe('submitted');

    // Another API process: its own runner, the same database. It reviews and dispatches the case.
    const other = new PetitionCommandRunner(
      store,
      t.app.get(ReferenceDataService),
      t.app.get(PetitionEventCodec),
      t.app.get(Clock),
      t.app.get(MetricsService),
    );
    const reviewer = { id: 'reviewer', role: 'reviewer' as const };
    await other.execute(
      p.id,
      (context) => ({ type: 'ReviewPetition', data: { petitionId: p.id, outcome: 'accepted' }, context }) as never,
      {
        commandId: 'other-process-review',
        actor: reviewer,
      },
    );
    await other.execute(
      p.id,
      (context) => ({ type: 'DispatchPetition', data: { petitionId: p.id, departmentId: DEPT_A }, context }) as never,
      {
        commandId: 'other-process-dispatch',
        actor: reviewer,
      },
    );
    // This process still keeps its fold of the submitted case. Decided on that, an acknowledgement
    // would be refused (not dispatched) with nothing appended to catch the mistake: it must be
    // decided on the stream as it stands.
    expect(kept(runner, p.id)).toBe(before);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    await expectKeptIsWhole(runner, p.id);
    expect(kept(runner, p.id)?.commandIds.has('other-process-dispatch')).toBe(true);
    // And a second acknowledgement, from a fold that is current, is refused.
    expect((await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA)).status).toBe(409);

    // The other process replies meanwhile; the answer decided here on the fold before it appends
    // after it (the append's expected revision catches the fold, the stream is read whole), and the
    // chain links the answer to the reply, not to the event the fold ended at.
    await other.execute(
      p.id,
      (context) => ({ type: 'ReplyInterim', data: { petitionId: p.id, text: '正在协调水务公司，请耐心等待。' }, context }) as never,
      { commandId: 'other-process-interim', actor: { id: 'handler-a', role: 'handler', departmentId: DEPT_A } },
    );
    const stale = kept(runner, p.id);
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已处理完毕，供水已恢复。' }).expect(200);
    expect(kept(runner, p.id)).not.toBe(stale);
    await expectKeptIsWhole(runner, p.id);
    expect(await streamTypesOf(p.id)).toEqual([
      'PetitionSubmitted',
      'PetitionReviewed',
      'PetitionDispatched',
      'PetitionAcknowledged',
      'PetitionInterimReplied',
      'PetitionResponded',
    ]);
    expect(await chainOf(p.id)).toBeUndefined();
  });

  it('an erasure forgets the fold: the next command reads the stream whole and knows the data is gone', async () => {
    const p = await submit(t);
    await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    expect(kept(runner, p.id)).toBeDefined();
    await runner.appendPlatformEvents(p.id, [{ type: 'PersonalDataErased', data: { reason: 'test' } } as never], {
      commandId: 'erase-test',
      actor: { id: 'admin', role: 'admin' },
    });
    expect(kept(runner, p.id)).toBeUndefined();
    const whole = foldedFrom(await runner.load(p.id));
    expect(whole.erased).toBe(true);
    expect(await chainOf(p.id)).toBeUndefined();
  });
  it('is folded from the events as stored: after an erasure, free text kept only redacted is not kept in clear (an attacking helper’s finding)', async () => {
    const p = await submit(t);
    await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    await post(`/api/admin/petitions/${p.id}/erasure`, tk.admin, { reason: 'PIPL-2026-099 删除请求' }).expect(200);
    const respondBy = (await t.http().get(`/api/petitions/${p.id}`).set(bearer(tk.reviewer))).body.respondBy as string;
    const wanted = new Date(new Date(respondBy).getTime() + 5 * 86_400_000).toISOString().slice(0, 10);
    await post(`/api/petitions/${p.id}/extension-request`, tk.handlerA, {
      reason: `需联系${CITIZEN.phone}现场核查`,
      requestedRespondBy: wanted,
    }).expect(200);
    const whole = foldedFrom(await runner.load(p.id));
    expect(JSON.stringify(whole.state)).not.toContain(CITIZEN.phone);
    await expectKeptIsWhole(runner, p.id);
  });
});

// An attacking helper's findings in 560d6c6 (the runner deciding on its kept fold), written so that
// they run unchanged on 35655a4 (every command read its stream whole), where they pass.
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

/** A runner's view of the store that counts its refused appends and its checks of a kept fold. */
function counting(s: EventStore) {
  const n = { refused: 0, checks: 0, appends: 0 };
  const view: EventStore = Object.create(s, {
    appendToStream: {
      value: async (id: string, events: readonly EventToAppend[], options?: AppendOptions) => {
        n.appends++;
        try {
          return await s.appendToStream(id, events, options);
        } catch (e) {
          if (e instanceof WrongExpectedVersionError) n.refused++;
          throw e;
        }
      },
    },
    readStreamUnlessAt: {
      value: (id: string, range: KnownRange) => {
        n.checks++;
        return s.readStreamUnlessAt!(id, range);
      },
    },
  });
  return { view, n };
}

describe('kept folds where another process writes the same cases (API processes behind a round-robin)', () => {
  it('after a few stale folds each runner checks its fold first, and refused appends stop; alone again, it decides unchecked again', async () => {
    const p = await dispatched(t, tk);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    const a = counting(store);
    const b = counting(store);
    const runnerA = newRunner(a.view);
    const runnerB = newRunner(b.view);

    // Each reply in turn: every fold a runner kept is stale by its next command (the other appended since).
    const refusedByRound: number[] = [];
    for (let i = 0; i < 20; i++) {
      const before = a.n.refused + b.n.refused;
      await interim(runnerA, p.id, `rr-a-${i}`);
      await interim(runnerB, p.id, `rr-b-${i}`);
      refusedByRound.push(a.n.refused + b.n.refused - before);
    }
    // Deciding every stale fold unchecked would refuse 38 appends (all but each runner's first, a whole read).
    // Each runner is refused until its stale rate passes STALE_CHECK_FIRST, then checks first.
    expect(a.n.refused + b.n.refused).toBeLessThanOrEqual(12);
    expect(refusedByRound.slice(-10)).toEqual(Array(10).fill(0));
    expect(a.n.checks).toBeGreaterThan(10);
    expect(await chainOf(p.id)).toBeUndefined();
    expect((await streamTypesOf(p.id)).filter((x) => x === 'PetitionInterimReplied')).toHaveLength(40);
    await expectKeptIsWhole(runnerB, p.id);

    // runnerA alone from here: its kept folds are current, the stale rate falls, and it stops checking.
    const checksByCommand: number[] = [];
    for (let i = 0; i < 40; i++) {
      const before = a.n.checks;
      await interim(runnerA, p.id, `alone-a-${i}`);
      checksByCommand.push(a.n.checks - before);
    }
    expect(checksByCommand.slice(-10)).toEqual(Array(10).fill(0));
    expect(a.n.refused).toBeLessThanOrEqual(6);
    await expectKeptIsWhole(runnerA, p.id);
    expect(await chainOf(p.id)).toBeUndefined();
  });

  it('a runner checking its folds first answers a replay, a refusal and a stale fold as a whole read would', async () => {
    const p = await dispatched(t, tk);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    const c = counting(store);
    const checking = newRunner(c.view);
    const folds = (checking as unknown as { folds: FoldedStreams }).folds;
    for (let i = 0; i < 16; i++) folds.noteKept(true);
    expect(folds.checkFirst).toBe(true);
    const first = await interim(checking, p.id, 'chk-1'); // no fold yet: read whole

    // The same command again: a replay, read whole at once (no check first), nothing appended.
    const appends = c.n.appends;
    const again = await interim(checking, p.id, 'chk-1');
    expect(again.replayed).toBe(true);
    expect(again.eventIds).toEqual(first.eventIds);
    expect(c.n).toMatchObject({ checks: 0, appends });

    // A refusal decided on the checked fold: refused, nothing appended, one check.
    await expect(
      checking.execute(p.id, (context) => ({ type: 'AcknowledgePetition', data: { petitionId: p.id }, context }) as never, {
        commandId: 'chk-ack',
        actor: handlerA,
      }),
    ).rejects.toThrow(/acknowledge/);
    expect(c.n).toMatchObject({ checks: 1, appends });

    // Another process replies; the check finds the fold stale and the reply is decided on the stream as it stands.
    await interim(runner, p.id, 'chk-other');
    await interim(checking, p.id, 'chk-2');
    expect(c.n).toMatchObject({ checks: 2, refused: 0, appends: appends + 1 });
    await expectKeptIsWhole(checking, p.id);
    expect(await chainOf(p.id)).toBeUndefined();
  });

  it('a runner alone on its cases decides on its kept folds unchecked: no check and no refused append', async () => {
    const c = counting(store);
    const alone = newRunner(c.view);
    for (let k = 0; k < 3; k++) {
      const p = await dispatched(t, tk);
      await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
      for (let i = 0; i < 8; i++) await interim(alone, p.id, `alone-${k}-${i}`);
      await expectKeptIsWhole(alone, p.id);
    }
    expect(c.n).toEqual({ refused: 0, checks: 0, appends: 24 });
  });
});

describe('FoldedStreams', () => {
  it('checks kept folds first once more than STALE_CHECK_FIRST of the recent ones were stale, and stops when they are current again', () => {
    const f = new FoldedStreams();
    expect(f.checkFirst).toBe(false);
    let stale = 0;
    while (!f.checkFirst) {
      f.noteKept(true);
      stale++;
    }
    // A few in a row, not one: a single race between two commands does not switch it.
    expect(stale).toBeGreaterThan(2);
    expect(stale).toBeLessThan(10);
    for (let i = 0; i < 200; i++) f.noteKept(i % 2 === 0); // half stale: well above the threshold
    expect(f.checkFirst).toBe(true);
    let fresh = 0;
    while (f.checkFirst) {
      f.noteKept(false);
      fresh++;
    }
    expect(fresh).toBeGreaterThan(2);
    expect(fresh).toBeLessThan(40);
    for (let i = 0; i < 200; i++) f.noteKept(i % 10 === 0); // one in ten stale: below it
    expect(f.checkFirst).toBe(false);
    expect(STALE_CHECK_FIRST).toBeGreaterThan(0.1);
  });

  const fold = { state: {} } as unknown as FoldedStream;
  it('keeps at most maxEntries, the longest kept going first', () => {
    const f = new FoldedStreams(2, 1000, () => 0);
    f.set('a', fold);
    f.set('b', fold);
    f.set('c', fold);
    expect([f.get('a'), f.get('b'), f.get('c')]).toEqual([undefined, fold, fold]);
  });
  it('does not keep a fold made by a command that began before an erasure', () => {
    const f = new FoldedStreams(10, 1000, () => 0);
    const before = f.generation;
    f.erase('other-case');
    f.set('a', fold, before);
    expect(f.get('a')).toBeUndefined();
    f.set('a', fold, f.generation);
    expect(f.get('a')).toBe(fold);
  });
  it('drops a fold older than maxAgeMs, at a look or at a sweep', () => {
    let now = 0;
    const f = new FoldedStreams(10, 1000, () => now);
    f.set('a', fold);
    now = 500;
    f.set('b', fold);
    now = 1200;
    f.sweep();
    expect(f.size).toBe(1);
    expect(f.get('b')).toBe(fold);
    now = 1600;
    expect(f.get('b')).toBeUndefined();
    expect(f.size).toBe(0);
  });
});
