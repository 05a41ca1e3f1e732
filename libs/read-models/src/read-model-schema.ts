import type { DataSourceOptions } from 'typeorm';
import { PersonalDataAccessLog1795470000000 } from './migrations/1795470000000-personal-data-access-log';
import { RateLimitCounters1795490000000 } from './migrations/1795490000000-rate-limit-counters';
import { IdempotencyKeys1795505000000 } from './migrations/1795505000000-idempotency-keys';
import { ReviewerRecipient1795530000000 } from './migrations/1795530000000-reviewer-recipient';
import { ReferenceData1795365353010 } from './migrations/1795365353010-reference-data';
import { ExtensionAndCallbackPolicy1795480000000 } from './migrations/1795480000000-extension-and-callback-policy';
import { Districts1795600000000 } from './migrations/1795600000000-districts';
import { SurveyPhoneCodes1795610000000 } from './migrations/1795610000000-survey-phone-codes';
import { HandlingPolicy1795620000000 } from './migrations/1795620000000-handling-policy';
import { InterviewQuestionPetition1795640000000 } from './migrations/1795640000000-interview-question-petition';
import { CoHandling1795650000000 } from './migrations/1795650000000-co-handling';
import { LeaderMailboxes1795665000000 } from './migrations/1795665000000-leader-mailboxes';
import { PublicListingStatus1795680000000 } from './migrations/1795680000000-public-listing-status';
import { DepartmentSearch1795692000000 } from './migrations/1795692000000-department-search';
import { DepartmentPerformanceDays1795694000000 } from './migrations/1795694000000-department-performance-days';
import { SearchPeriods1795697100000 } from './migrations/1795697100000-search-periods';
import { DayCountFunctions1795697200000 } from './migrations/1795697200000-day-count-functions';
import { MissedCandidatesIndex1795697300000 } from './migrations/1795697300000-missed-candidates-index';
import { ReportLocalTimes1795697400000 } from './migrations/1795697400000-report-local-times';
import { PublicListingDistrict1795697500000 } from './migrations/1795697500000-public-listing-district';
import { PublicListingStreet1795697600000 } from './migrations/1795697600000-public-listing-street';
import { SearchTermsTables1795697700000 } from './migrations/1795697700000-search-terms-tables';
import { PublicHiddenIndex1795697800000 } from './migrations/1795697800000-public-hidden-index';
import { IdempotencyKeysFillfactor1795697900000 } from './migrations/1795697900000-idempotency-keys-fillfactor';
import { referenceEntities } from './reference/reference.entities';

/** The read side's TypeORM entities and migrations, listed here by hand; projections create their own tables (createTables), not through these. */
export const readModelEntities: NonNullable<DataSourceOptions['entities']> = [...referenceEntities];
export const readModelMigrations: NonNullable<DataSourceOptions['migrations']> = [
  ReferenceData1795365353010,
  PersonalDataAccessLog1795470000000,
  ExtensionAndCallbackPolicy1795480000000,
  RateLimitCounters1795490000000,
  IdempotencyKeys1795505000000,
  ReviewerRecipient1795530000000,
  Districts1795600000000,
  SurveyPhoneCodes1795610000000,
  HandlingPolicy1795620000000,
  InterviewQuestionPetition1795640000000,
  CoHandling1795650000000,
  LeaderMailboxes1795665000000,
  PublicListingStatus1795680000000,
  DepartmentSearch1795692000000,
  DepartmentPerformanceDays1795694000000,
  SearchPeriods1795697100000,
  DayCountFunctions1795697200000,
  MissedCandidatesIndex1795697300000,
  ReportLocalTimes1795697400000,
  PublicListingDistrict1795697500000,
  PublicListingStreet1795697600000,
  SearchTermsTables1795697700000,
  PublicHiddenIndex1795697800000,
  IdempotencyKeysFillfactor1795697900000,
];
