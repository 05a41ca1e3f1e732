import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { EventStore, RecordedEvent, Subscription } from '@wenzheng/event-store';
import { INTERVIEW_STREAM_PREFIX, InterviewEvent } from '@wenzheng/interview';
import { EVENT_STORE } from '@wenzheng/platform';
import { publishedInterviewEvent } from '@wenzheng/petition-store';
import { InterviewCommandRunner } from '../shared/interview-command-runner';

/** One server-sent event: `id` is the stream revision, so a client resumes with Last-Event-ID. */
export interface LiveMessage {
  readonly id: number;
  readonly event: 'question' | 'answer' | 'merged' | 'order' | 'status';
  readonly data: Record<string, unknown>;
}

type Texts = Map<string, { text: string; submittedAt: string }>;

/** What the public page shows of an event (approved questions, answers, the session's status); nothing of the rest. */
export function liveMessage(revision: number, event: InterviewEvent, texts: Texts): LiveMessage | undefined {
  const id = revision;
  switch (event.type) {
    case 'InterviewQuestionSubmitted':
      texts.set(event.data.questionId, { text: event.data.text, submittedAt: event.data.at });
      return undefined;
    case 'InterviewQuestionApproved': {
      const q = texts.get(event.data.questionId);
      return {
        id,
        event: 'question',
        data: { questionId: event.data.questionId, text: q?.text ?? '', submittedAt: q?.submittedAt ?? null },
      };
    }
    case 'InterviewQuestionAnswered': {
      const { questionId, answerId, guest, text, media, at } = event.data;
      return { id, event: 'answer', data: { questionId, answerId, guest, text, media: media ?? [], at } };
    }
    case 'InterviewQuestionsMerged':
      return { id, event: 'merged', data: { into: event.data.into, questionIds: event.data.questionIds } };
    case 'InterviewQuestionsOrdered':
      return { id, event: 'order', data: { questionIds: event.data.questionIds } };
    case 'InterviewStarted':
      return { id, event: 'status', data: { status: 'live', at: event.data.at } };
    case 'InterviewEnded':
      return { id, event: 'status', data: { status: 'ended', at: event.data.at } };
    case 'InterviewTranscriptPublished':
      return { id, event: 'status', data: { status: 'published', at: event.data.at } };
    default:
      return undefined;
  }
}

interface Listener {
  /** Messages that arrived while the listener's history was being read. */
  buffer: LiveMessage[] | undefined;
  lastSent: number;
  send: (message: LiveMessage) => void;
}

/** Each message once, in revision order. */
function deliver(listener: Listener, m: LiveMessage): void {
  if (m.id <= listener.lastSent) return;
  listener.send(m);
  listener.lastSent = m.id;
}

interface Channel {
  readonly listeners: Set<Listener>;
  readonly texts: Texts;
}

/**
 * The live side of the public interview page. One store subscription per API process, opened
 * with the first listener and closed with the last, fans the interview streams out to the
 * listeners of each interview (appends from any process arrive: the subscription reads the store,
 * not this process's commands). A new listener first gets the stream's history, then the live
 * messages after it, each once and in order.
 */
@Injectable()
export class InterviewLiveFeed implements OnModuleDestroy {
  private readonly logger = new Logger('interview-live');
  private readonly channels = new Map<string, Channel>();
  private subscription: Promise<Subscription> | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: InterviewCommandRunner,
  ) {}

  /** Listeners connected now, over every interview (a leak shows here). */
  listenerCount(): number {
    return [...this.channels.values()].reduce((n, c) => n + c.listeners.size, 0);
  }

  /** Sends history after `afterRevision`, then live messages; returns the function that stops listening. */
  async listen(interviewId: string, afterRevision: number, send: (message: LiveMessage) => void): Promise<() => void> {
    await this.subscribe();
    const channel = this.channels.get(interviewId) ?? { listeners: new Set<Listener>(), texts: new Map() };
    this.channels.set(interviewId, channel);
    const listener: Listener = { buffer: [], lastSent: afterRevision, send };
    channel.listeners.add(listener);
    const stop = () => this.unlisten(interviewId, listener);
    try {
      const { recorded, events } = await this.runner.load(interviewId);
      events.forEach((e, i) => {
        const m = liveMessage(Number(recorded[i].revision), e, channel.texts);
        if (m && m.id > listener.lastSent) send(m);
      });
      listener.lastSent = Math.max(listener.lastSent, recorded.length ? Number(recorded[recorded.length - 1].revision) : -1);
      for (const m of listener.buffer ?? []) deliver(listener, m);
      listener.buffer = undefined;
    } catch (e) {
      stop();
      throw e;
    }
    return stop;
  }

  private unlisten(interviewId: string, listener: Listener): void {
    const channel = this.channels.get(interviewId);
    if (!channel) return;
    channel.listeners.delete(listener);
    if (channel.listeners.size) return;
    this.channels.delete(interviewId);
    if (!this.channels.size) void this.close();
  }

  private subscribe(): Promise<Subscription> {
    this.subscription ??= (async () => {
      const [last] = await this.store.readAll({ fromPosition: 'end', direction: 'backwards', maxCount: 1 });
      const subscription = this.store.subscribeToAll({
        fromPosition: last?.position ?? 'start',
        filter: { streamPrefixes: [INTERVIEW_STREAM_PREFIX] },
      });
      void this.pump(subscription);
      return subscription;
    })();
    return this.subscription;
  }

  private async pump(subscription: Subscription): Promise<void> {
    try {
      for await (const message of subscription) if (message.kind === 'event') this.dispatch(message.event);
    } catch (e) {
      this.logger.warn(`interview live subscription ended: ${e instanceof Error ? e.name : 'error'}`);
    }
  }

  private dispatch(recorded: RecordedEvent): void {
    const channel = this.channels.get(recorded.streamId.slice(INTERVIEW_STREAM_PREFIX.length));
    if (!channel) return;
    const m = liveMessage(Number(recorded.revision), publishedInterviewEvent(recorded), channel.texts);
    if (!m) return;
    for (const listener of channel.listeners) {
      if (listener.buffer) listener.buffer.push(m);
      else deliver(listener, m);
    }
  }

  private async close(): Promise<void> {
    const pending = this.subscription;
    this.subscription = undefined;
    if (pending) await (await pending).close();
  }

  async onModuleDestroy(): Promise<void> {
    this.channels.clear();
    await this.close();
  }
}
