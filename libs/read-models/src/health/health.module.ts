import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthContributors } from './health-contributors';

@Global()
@Module({ controllers: [HealthController], providers: [HealthContributors], exports: [HealthContributors] })
export class HealthModule {}
