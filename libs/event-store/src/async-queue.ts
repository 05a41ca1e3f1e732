type Waiter<T> = { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void };

/** A small unbounded push/pull queue that turns callbacks into an async iterator. */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiting: Waiter<T> | undefined;
  private error: unknown;
  private ended = false;
  private drainWaiters: (() => void)[] = [];

  /** Resolves once the consumer has taken everything pushed so far (or the queue ended). */
  drained(): Promise<void> {
    if (this.items.length === 0 || this.ended) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private notifyDrained() {
    if (this.items.length && !this.ended) return;
    const ws = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of ws) w();
  }

  constructor(private readonly onReturn?: () => void) {}

  push(item: T): void {
    if (this.ended) return;
    const w = this.waiting;
    if (w) {
      this.waiting = undefined;
      w.resolve({ value: item, done: false });
    } else this.items.push(item);
  }

  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.error = error;
    this.notifyDrained();
    const w = this.waiting;
    this.waiting = undefined;
    if (!w) return;
    if (error) {
      this.error = undefined;
      w.reject(error);
    } else w.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.items.length) {
          const value = this.items.shift() as T;
          this.notifyDrained();
          return Promise.resolve({ value, done: false });
        }
        if (this.ended) {
          const e = this.error;
          this.error = undefined;
          return e ? Promise.reject(e) : Promise.resolve({ value: undefined, done: true });
        }
        return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
      },
      return: () => {
        this.end();
        this.onReturn?.();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
