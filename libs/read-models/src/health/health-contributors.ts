import { Injectable } from '@nestjs/common';

export type HealthCheckResult = { status: 'up' | 'down'; detail?: string; [k: string]: unknown };

/** Other modules (projections, watchers) add their readiness here without the health module knowing them. */
@Injectable()
export class HealthContributors {
  private readonly contributors = new Map<string, () => Promise<HealthCheckResult>>();

  register(name: string, check: () => Promise<HealthCheckResult>): void {
    this.contributors.set(name, check);
  }

  async collect(): Promise<Record<string, HealthCheckResult>> {
    const out: Record<string, HealthCheckResult> = {};
    for (const [name, check] of this.contributors) {
      out[name] = await check().catch((e: Error) => ({ status: 'down' as const, detail: e.message }));
    }
    return out;
  }
}
