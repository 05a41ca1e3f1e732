import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OwnCredentials } from '@wenzheng/platform';
import { MetricsTokenGuard } from './metrics-token.guard';
import { MetricsService } from './metrics.service';

@ApiTags('ops')
// The scraper holds METRICS_TOKEN, not a staff JWT; without METRICS_TOKEN the route is public.
@OwnCredentials()
@UseGuards(MetricsTokenGuard)
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics: projection lag, events appended, command latency' })
  @ApiOkResponse({
    description: 'the Prometheus text format',
    content: {
      'text/plain': {
        schema: { type: 'string' },
        example: '# TYPE wz_projection_lag_events gauge\nwz_projection_lag_events{projection="petition_views"} 0\n',
      },
    },
  })
  render(): Promise<string> {
    return this.metrics.render();
  }
}
