import { readFileSync } from 'node:fs';
import { departments } from '@wenzheng/reference-data';
import { startApiProcess } from '../harness/api-process';
import { BENCH_JWT_SECRET, NO_TIMERS } from '../harness/runtime';
import { mintToken } from '../harness/tokens';

// Participation load (issue 17): one online interview's public page watched by many server-sent
// event listeners while citizens ask 50 questions a second and a moderator approves each and a guest
// answers every fifth. Measured: the API process's RSS before the listeners and after the session,
// and the delivery latency from the approve/answer command returning to the event reaching a
// listener (p50/p95/max over every listener × delivery), with the deliveries that never arrived.

export interface InterviewsResult {
  readonly listeners: number;
  readonly connected: number;
  readonly questionsPerSecond: number;
  readonly seconds: number;
  readonly questionsSubmitted: number;
  /** Questions over the seconds from the first submission to the last one's approval (answers included). */
  readonly questionsPerSecondAchieved: number;
  /** 409s on the one interview stream (concurrent writers), retried. */
  readonly conflictRetries: number;
  readonly deliveriesExpected: number;
  readonly deliveriesReceived: number;
  readonly latency: { readonly p50Ms: number; readonly p95Ms: number; readonly maxMs: number };
  readonly apiRssMb: {
    readonly before: number | undefined;
    readonly withListeners: number | undefined;
    readonly after: number | undefined;
  };
  readonly apiPeakRssMb: number | undefined;
}

const rssOf = (pid: number): number | undefined => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : undefined;
  } catch {
    return undefined;
  }
};

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;

/** One listener: counts the `question`/`answer` events it receives, by key, with the time of receipt. */
function listen(url: string, signal: AbortSignal, received: Map<string, number[]>, ready: () => void): Promise<void> {
  return (async () => {
    const res = await fetch(url, { signal });
    ready();
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      const at = Date.now();
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const id = /"questionId":"([^"]+)"/.exec(block)?.[1];
        if ((event === 'question' || event === 'answer') && id) {
          const key = `${event}:${id}`;
          const list = received.get(key);
          if (list) list.push(at);
          else received.set(key, [at]);
        }
      }
    }
  })().catch((e: unknown) => {
    if ((e as Error).name !== 'AbortError') throw e;
  });
}

export async function interviewsStep(p: {
  databaseUrl: string;
  listeners: number;
  questionsPerSecond: number;
  seconds: number;
}): Promise<InterviewsResult> {
  const api = await startApiProcess({
    DATABASE_URL: p.databaseUrl,
    AUTH_JWT_SECRET: BENCH_JWT_SECRET,
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000000',
    ...NO_TIMERS,
  });
  const controller = new AbortController();
  try {
    const departmentId = departments[0].id;
    const staff = await mintToken(BENCH_JWT_SECRET, { sub: 'bench-moderator', roles: ['handler'], departmentId });
    let conflicts = 0;
    // All writes go to one interview stream: a 409 "retry the command" is retried as a client would, and counted.
    const post = async (path: string, body: object, token?: string, attempt = 0): Promise<Record<string, unknown>> => {
      const r = await fetch(`${api.baseUrl}/api${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      if (r.status === 409 && attempt < 20 && /retry the command/.test(await r.clone().text())) {
        conflicts++;
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (attempt + 1)));
        return post(path, body, token, attempt + 1);
      }
      if (!r.ok) throw new Error(`POST ${path}: ${r.status} ${await r.text()}`);
      return (await r.json()) as Record<string, unknown>;
    };
    const now = Date.now();
    const scheduled = await post(
      '/interviews',
      {
        topic: '基准测试访谈',
        guests: [{ name: '嘉宾', title: '局长' }],
        startsAt: new Date(now + 60_000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
      },
      staff,
    );
    const id = String(scheduled.id);
    await post(`/interviews/${id}/start`, {}, staff);
    const before = rssOf(api.pid);

    const received = new Map<string, number[]>();
    let connected = 0;
    const streams: Promise<void>[] = [];
    for (let i = 0; i < p.listeners; i++) {
      streams.push(listen(`${api.baseUrl}/api/public/interviews/${id}/events`, controller.signal, received, () => connected++));
      if (i % 100 === 99) await new Promise((r) => setTimeout(r, 50)); // not one SYN burst
    }
    for (let i = 0; i < 600 && connected < p.listeners; i++) await new Promise((r) => setTimeout(r, 100));
    const withListeners = rssOf(api.pid);

    // Each question: submitted, approved (the clock starts when the approval returns); every fifth answered.
    const sentAt = new Map<string, number>();
    const total = Math.round(p.questionsPerSecond * p.seconds);
    const work: Promise<void>[] = [];
    const started = Date.now();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / p.questionsPerSecond;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      work.push(
        (async () => {
          const { questionId } = await post(`/interviews/${id}/questions`, { text: `基准问题 ${i}：供水何时恢复？` });
          await post(`/interviews/${id}/questions/${String(questionId)}/moderation`, { decision: 'approved' }, staff);
          sentAt.set(`question:${String(questionId)}`, Date.now());
          if (i % 5 === 0) {
            await post(`/interviews/${id}/questions/${String(questionId)}/answers`, { guest: '嘉宾', text: '正在抓紧处理。' }, staff);
            sentAt.set(`answer:${String(questionId)}`, Date.now());
          }
        })(),
      );
    }
    await Promise.all(work);
    const achieved = Math.round((total / ((Date.now() - started) / 1000)) * 10) / 10;
    // Let the last deliveries arrive (up to 10 s) before counting.
    const expected = sentAt.size * connected;
    const count = () => [...sentAt.keys()].reduce((n, k) => n + (received.get(k)?.length ?? 0), 0);
    for (let i = 0; i < 100 && count() < expected; i++) await new Promise((r) => setTimeout(r, 100));
    const after = rssOf(api.pid);

    const latencies: number[] = [];
    for (const [key, at] of sentAt) for (const r of received.get(key) ?? []) latencies.push(Math.max(0, r - at));
    latencies.sort((a, b) => a - b);
    controller.abort();
    await Promise.all(streams);
    return {
      listeners: p.listeners,
      connected,
      questionsPerSecond: p.questionsPerSecond,
      seconds: p.seconds,
      questionsSubmitted: total,
      questionsPerSecondAchieved: achieved,
      conflictRetries: conflicts,
      deliveriesExpected: expected,
      deliveriesReceived: latencies.length,
      latency: { p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95), maxMs: latencies.at(-1) ?? NaN },
      apiRssMb: { before, withListeners, after },
      apiPeakRssMb: await api.stop(),
    };
  } catch (e) {
    controller.abort();
    await api.stop();
    throw e;
  }
}

/** The step's table in the bench's text and Markdown report (the shape of report.ts's sections). */
export function interviewsSection(r: InterviewsResult): { title: string; header: string[]; rows: string[][]; notes: string[] } {
  const mb = (x: number | undefined) => (x === undefined ? '–' : String(x));
  return {
    title: `Participation: ${r.connected} of ${r.listeners} SSE listeners on one interview page, ${r.questionsPerSecond} questions/s for ${r.seconds} s`,
    header: ['questions/s', 'deliveries', 'p50 ms', 'p95 ms', 'max ms', 'API RSS MB before', 'with listeners', 'after', 'peak'],
    rows: [
      [
        String(r.questionsPerSecondAchieved),
        `${r.deliveriesReceived}/${r.deliveriesExpected}`,
        String(r.latency.p50Ms),
        String(r.latency.p95Ms),
        String(r.latency.maxMs),
        mb(r.apiRssMb.before),
        mb(r.apiRssMb.withListeners),
        mb(r.apiRssMb.after),
        mb(r.apiPeakRssMb),
      ],
    ],
    notes: [
      `${r.conflictRetries} writes retried after a 409 (every write goes to the one interview stream)`,
      `${r.questionsSubmitted} questions, each approved by a moderator, every fifth answered by a guest; latency from the approve/answer command returning to the event reaching each listener`,
    ],
  };
}
