import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Runtime } from '@wenzheng/platform';
import { RUNTIME } from '@wenzheng/platform';
import { Public } from '@wenzheng/platform';
import { HealthContributors } from './health-contributors';

type Check = { status: 'up' | 'down'; detail?: string; [k: string]: unknown };

async function timed(work: () => Promise<unknown>, ms = 2000): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      work(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))),
    ]);
    return { status: 'up' };
  } catch (e) {
    return { status: 'down', detail: (e as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('ops')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly contributors: HealthContributors,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and readiness: database, event store, projection lag (503 when not ready)' })
  @ApiOkResponse({
    description: 'ready: every check is up',
    schema: {
      type: 'object',
      example: {
        status: 'ok',
        live: true,
        ready: true,
        checks: {
          database: { status: 'up', source: 'embedded' },
          eventStore: { status: 'up', engine: 'postgresql' },
          projections: { status: 'up', runsHere: true, projections: { petition_views: { lagEvents: 0, lagSeconds: 0, lagging: false } } },
        },
      },
    },
  })
  @ApiServiceUnavailableResponse({
    description: 'not ready: the same body with status unavailable and the failing check down, with its detail',
  })
  async health(@Res({ passthrough: true }) res: Response) {
    const [database, eventStore] = await Promise.all([
      timed(() => this.runtime.pool.query('select 1')),
      timed(() => this.runtime.eventStore.ping()),
    ]);
    const extra = await this.contributors.collect();
    const checks: Record<string, Check> = {
      database: { ...database, source: this.runtime.databaseSource },
      eventStore: { ...eventStore, engine: this.runtime.eventStore.engine },
      ...extra,
    };
    const ready = Object.values(checks).every((c) => c.status === 'up');
    res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ok' : 'unavailable', live: true, ready, checks };
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness only: the process answers' })
  @ApiOkResponse({ schema: { type: 'object', example: { status: 'ok' } } })
  live() {
    return { status: 'ok' };
  }
}
