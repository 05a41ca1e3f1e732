import { DynamicModule, Module } from '@nestjs/common';
import type { Runtime } from '@wenzheng/platform';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { CasesModule } from './cases/cases.module';
import { ConsultationsModule } from './consultations/consultations.module';
import { InterviewsModule } from './interviews/interviews.module';
import { SurveysModule } from './surveys/surveys.module';
import { DeadlinesModule } from '@wenzheng/workers';
import { HealthModule } from '@wenzheng/read-models';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { InboxModule } from './inbox/inbox.module';
import { RateLimitModule } from './http/rate-limit.module';
import { MetricsModule } from '@wenzheng/read-models';
import { NotificationsModule } from '@wenzheng/workers';
import { PetitionsModule } from './petitions/petitions.module';
import { PrivacyModule } from './privacy/privacy.module';
import { ProjectionsModule } from '@wenzheng/read-models';
import { PetitionStorageModule } from '@wenzheng/command-runner';
import { PublicListingModule } from './public-listing/public-listing.module';
import { QueuesModule } from './queues/queues.module';
import { RankingsModule } from './rankings/rankings.module';
import { Open311Module } from './open311/open311.module';
import { ReferenceModule } from './reference/reference.module';
import { ReportsModule } from './reports/reports.module';
import { RuntimeModule } from '@wenzheng/platform';

@Module({})
export class AppModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        RuntimeModule.forRuntime(runtime),
        AuthModule,
        RateLimitModule,
        IdempotencyModule,
        HealthModule,
        MetricsModule,
        ReferenceModule,
        CalendarModule,
        PetitionStorageModule,
        PetitionsModule,
        PrivacyModule,
        ProjectionsModule,
        RankingsModule,
        PublicListingModule,
        QueuesModule,
        CasesModule,
        InboxModule,
        AuditModule,
        ConsultationsModule,
        InterviewsModule,
        SurveysModule,
        DeadlinesModule,
        NotificationsModule,
        ReportsModule,
        Open311Module,
      ],
    };
  }
}
