import { spawn } from 'node:child_process';
import path from 'node:path';
import { GENESIS_HASH, PostgresEventStore, chainHash } from '@wenzheng/event-store';
import { departments } from '@wenzheng/reference-data';
import { IntegrityVerifier } from '../../apps/api/src/audit/verify-integrity/integrity-verifier';
import { createTestApp, TestApp } from '../setup/app';
import { whileOlderTransactionOpen } from '../setup/held-transaction';
import { DEPT_A, Tokens, dispatched, submission, submit, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

const root = path.resolve(__dirname, '../..');

let t: TestApp;
let tk: Tokens;
beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require(path.join(root, 'scripts', 'compile.js')) as { compile: () => void }).compile();
});
afterAll(async () => t.close());

/**
 * A CLI entry against the test database. `npm run verify` is `node scripts/run.js <entry>`, which
 * compiles first; compiling once for the whole file and running the compiled entry saves seconds.
 */
function cli(entry: string, args: string[], viaRunScript = false): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const command = viaRunScript ? ['scripts/run.js', entry] : [path.join('dist', 'apps', `${entry}.js`)];
    const child = spawn(process.execPath, [...command, ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: t.runtime.databaseUrl, EVENTSTORE_CONNECTION_STRING: '', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const verifyCli = (...args: string[]) => cli('api/src/audit/verify-cli', args);
const timelineCli = (...args: string[]) => cli('api/src/timeline/timeline-cli', args);
const post = (p: string, token: string, body: object = {}) => t.http().post(p).set(bearer(token)).send(body);

/** Appends events with a correct chain straight through the store, continuing from `previous`. */
async function appendChained(store: PostgresEventStore, streamId: string, n: number, previous = GENESIS_HASH) {
  for (let i = 0; i < n; i++) {
    const metadata: Record<string, unknown> = { occurredAt: new Date().toISOString(), actor: { id: 'system', role: 'system' } };
    const event = { type: 'PetitionCommented', data: { text: `跟帖 ${i}`, at: new Date().toISOString() } };
    metadata.hash = chainHash(previous, { ...event, metadata });
    previous = metadata.hash as string;
    await store.appendToStream(streamId, [{ ...event, metadata }]);
  }
  return previous;
}

describe('npm run timeline', () => {
  it('prints a case by tracking code or id, in Chinese with local times, without personal data', async () => {
    const p = await dispatched(t, tk);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已联系水务集团，10月16日恢复供水。' }).expect(200);
    await t.http().post(`/api/petitions/${p.id}/rate`).set('X-Access-Key', p.accessKey).send({ satisfaction: 'satisfied' }).expect(200);

    const byCode = await timelineCli(p.trackingCode.toLowerCase());
    expect(byCode.stderr).toBe('');
    expect(byCode.code).toBe(0);
    const out = byCode.stdout;
    const deptName = departments.find((d) => d.id === DEPT_A)?.name as string;
    expect(out).toContain(`问政件 ${p.trackingCode}`);
    expect(out).toContain('提交人：张*');
    expect(out).toContain('当前状态：已办结');
    for (const label of ['提交', '受理', '派单', '签收', '答复', '评价(满意)', '办结'])
      expect(out).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}  ${label.replace(/[()]/g, '\\$&')} `, 'm'));
    expect(out).toContain(`派往 ${deptName}`);
    expect(out).toContain(`承办人（${deptName}）`);
    expect(out).toMatch(/签收：准时（/);
    expect(out).toMatch(/办复：准时（/);
    const citizen = submission().citizen as Record<string, string>;
    for (const secret of [citizen.name, citizen.phone, citizen.idNumber, citizen.email]) expect(out).not.toContain(secret);

    const byId = await timelineCli(p.id);
    expect(byId.code).toBe(0);
    expect(byId.stdout).toBe(out);
  });

  it('finds by tracking code a case submitted while an older transaction is still open (the log holds it back)', async () => {
    const { p, byCode } = await whileOlderTransactionOpen(t.runtime.pool, async () => {
      const p = await submit(t);
      return { p, byCode: await timelineCli(p.trackingCode) }; // before the older transaction ends
    });
    expect(byCode.stderr).toBe('');
    expect(byCode.code).toBe(0);
    expect(byCode.stdout).toContain(`问政件 ${p.trackingCode}`);
  });

  it('exit 1 for an unknown case, 2 for an argument that is neither id nor tracking code', async () => {
    const unknown = await timelineCli('WZ20260101-0000000000');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no petition with tracking code WZ20260101-0000000000');
    const bad = await timelineCli('hello');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('usage: npm run timeline');
  });
});

describe('every command answers --help with its usage and runs nothing on an argument it does not take', () => {
  const eventCount = async () => Number((await t.runtime.pool.query(`select count(*) from wz_es.events`)).rows[0].count);

  // (each a process of its own, a couple of seconds: the two that write, not all of them)
  it.each([
    ['worker/src/watch-deadlines', 'usage: npm run watch-deadlines'],
    ['projector/src/rebuild', 'usage: npm run rebuild'],
  ])('%s --help: the usage on standard output, exit 0', async (entry, usage) => {
    const before = await eventCount();
    const help = await cli(entry, ['--help']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining(usage)]);
    expect(await eventCount()).toBe(before);
  });

  it('watch-deadlines with an argument (a typo, a --dry-run it does not have) stops before a pass: exit 2, nothing written', async () => {
    const before = await eventCount();
    for (const args of [['--dry-run']]) {
      const run = await cli('worker/src/watch-deadlines', args);
      expect([args, run.code]).toEqual([args, 2]);
      expect(run.stderr).toContain('takes no arguments');
      expect(run.stderr).toContain('usage: npm run watch-deadlines');
      expect(run.stdout).toBe('');
    }
    expect(await eventCount()).toBe(before);
  });

  it('timeline one case at a time', async () => {
    const two = await timelineCli('WZ20260101-0000000000', 'WZ20260101-0000000001');
    expect([two.code, two.stderr]).toEqual([2, expect.stringContaining('one case at a time')]);
  });
});

describe('npm run verify', () => {
  it('exit 0 on an intact store, exit 1 naming the stream and revision once a row is edited', async () => {
    const p = await dispatched(t, tk);
    const clean = await cli('api/src/audit/verify-cli', [], true);
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/integrity chain \(postgresql\): \d+ streams, \d+ events checked/);
    expect(clean.stdout).toContain('OK: every link verifies');

    await t.runtime.pool.query(
      `update wz_es.events set data = jsonb_set(data, '{note}', '"改过的附言"') where stream_id = $1 and revision = 2`,
      [`petition-${p.id}`],
    );
    const broken = await verifyCli();
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('BROKEN: 1 stream with a broken link');
    expect(broken.stdout).toMatch(new RegExp(`petition-${p.id} {2}revision 2 {2}hash_mismatch`));

    const json = await verifyCli('--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).broken).toEqual([
      expect.objectContaining({ streamId: `petition-${p.id}`, revision: 2, reason: 'hash_mismatch' }),
    ]);

    // Put it back: the remaining tests start from an intact store again.
    await t.runtime.pool.query(`update wz_es.events set data = data - 'note' where stream_id = $1 and revision = 2`, [`petition-${p.id}`]);
    expect((await new IntegrityVerifier(t.runtime.eventStore).verifyAll()).broken).toEqual([]);
  });
});

describe('IntegrityVerifier on PostgreSQL: the ways a row can be tampered with', () => {
  const verifier = () => new IntegrityVerifier(t.runtime.eventStore);
  const brokenOf = async (streamId: string) => (await verifier().verifyAll({ pageSize: 3 })).broken.find((b) => b.streamId === streamId);

  it('a deleted first event, a changed actor, a changed type, a removed hash', async () => {
    const cases = await Promise.all(Array.from({ length: 4 }, () => dispatched(t, tk)));
    const s = cases.map((c) => `petition-${c.id}`);
    await t.runtime.pool.query(`delete from wz_es.events where stream_id = $1 and revision = 0`, [s[0]]);
    await t.runtime.pool.query(
      `update wz_es.events set metadata = jsonb_set(metadata, '{actor,id}', '"someone-else"') where stream_id = $1 and revision = 1`,
      [s[1]],
    );
    await t.runtime.pool.query(`update wz_es.events set type = 'PetitionCommented' where stream_id = $1 and revision = 2`, [s[2]]);
    await t.runtime.pool.query(`update wz_es.events set metadata = metadata - 'hash' where stream_id = $1 and revision = 1`, [s[3]]);
    expect(await brokenOf(s[0])).toMatchObject({ revision: 0, reason: 'revision_gap' });
    expect(await brokenOf(s[1])).toMatchObject({ revision: 1, reason: 'hash_mismatch' });
    expect(await brokenOf(s[2])).toMatchObject({ revision: 2, reason: 'hash_mismatch' });
    expect(await brokenOf(s[3])).toMatchObject({ revision: 1, reason: 'missing_hash' });
  });

  it('every event of a stream deleted: the stream table still knows it existed', async () => {
    const p = await dispatched(t, tk);
    await t.runtime.pool.query(`delete from wz_es.events where stream_id = $1`, [`petition-${p.id}`]);
    expect(await brokenOf(`petition-${p.id}`)).toMatchObject({ revision: 0, eventId: null, reason: 'revision_gap' });
  });

  it('a soft-deleted stream written again verifies from where its live part starts; a tombstoned one is still checked', async () => {
    const store = t.runtime.eventStore as PostgresEventStore;
    await appendChained(store, 'audit-test-soft', 3);
    await store.deleteStream('audit-test-soft');
    await appendChained(store, 'audit-test-soft', 2); // revisions 3 and 4, chained from the start again
    await appendChained(store, 'audit-test-tomb', 2);
    await store.tombstoneStream('audit-test-tomb');
    expect(await brokenOf('audit-test-soft')).toBeUndefined();
    expect(await brokenOf('audit-test-tomb')).toBeUndefined();
    await t.runtime.pool.query(`update wz_es.events set data = '{}' where stream_id = 'audit-test-tomb' and revision = 1`);
    expect(await brokenOf('audit-test-tomb')).toMatchObject({ revision: 1, reason: 'hash_mismatch' });
  });
});
