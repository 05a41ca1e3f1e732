/**
 * Requests made in the same turn of the event loop, sent as one statement. Under load many
 * requests reach the same step in one turn (their sockets were readable together, or the answers
 * of one batch came back together): each statement is a loopback round trip, whose cost in the
 * kernel and in PostgreSQL is per statement, not per row. `run` answers the inputs in order; a
 * batch that fails is run again one input at a time, so one bad input fails only its own request.
 */
export class Coalescer<In, Out> {
  private pending: { input: In; resolve: (out: Out) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly run: (inputs: readonly In[]) => Promise<readonly Out[]>,
    private readonly maxBatch = 100,
  ) {}

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // After the I/O callbacks of this turn, so every request they started is in the batch.
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    this.scheduled = false;
    const all = this.pending;
    this.pending = [];
    for (let i = 0; i < all.length; i += this.maxBatch) void this.send(all.slice(i, i + this.maxBatch));
  }

  private async send(batch: typeof this.pending): Promise<void> {
    try {
      const outs = await this.run(batch.map((b) => b.input));
      batch.forEach((b, i) => b.resolve(outs[i]));
    } catch (e) {
      if (batch.length === 1) batch[0].reject(e);
      else await Promise.all(batch.map((b) => this.send([b])));
    }
  }
}
