import type { LoggerService } from '@nestjs/common';

/**
 * Runs a task every intervalMs, never two runs of it at once in this process; a failed run is
 * logged and the next one comes on time. intervalMs 0 = off. stop() waits for a run in flight.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly task: () => Promise<void>,
    private readonly logger: LoggerService,
  ) {}

  get enabled(): boolean {
    return this.intervalMs > 0;
  }

  start(): void {
    if (!this.enabled || this.stopped) return;
    this.logger.log(`${this.name}: every ${this.intervalMs} ms`);
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.task()
        .catch((e: unknown) => this.logger.error(`${this.name} failed: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => {
          this.inFlight = undefined;
          this.schedule();
        });
    }, this.intervalMs);
  }
}

/** A PeriodicTask started with the application and stopped with it (the watcher, the SMS sender). */
export abstract class PeriodicSchedule {
  private readonly task: PeriodicTask;

  protected constructor(name: string, intervalMs: number, run: () => Promise<unknown>, logger: LoggerService) {
    this.task = new PeriodicTask(
      name,
      intervalMs,
      async () => {
        await run();
      },
      logger,
    );
  }

  get enabled(): boolean {
    return this.task.enabled;
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }
}
