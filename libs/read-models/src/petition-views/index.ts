import { liveTables } from '@wenzheng/projector';
import { PetitionViewsProjection } from './petition-views.projection';
import { PETITION_VIEW_TABLES } from './petition-views.tables';

export { PetitionViewsProjection } from './petition-views.projection';
export { documentVector, queryTerms, searchQuery } from './search-terms';
export { DocumentTexts, WORKER_MIN_DOCUMENTS, answerDeadlineMs, documentVectors, segmentationCounts, useSegmentWorker } from './segmenter';
export {
  CaseSearchFilter,
  DISTRICT_LISTING_INDEX,
  STREET_LISTING_INDEX,
  EXCERPT_LENGTH,
  PUBLIC_ITEM_COLUMNS,
  PublicListingFilter,
  SearchTables,
  VISIBLE_PUBLIC,
  caseSearchStatement,
  publicListingStatement,
} from './listing-statements';
export {
  DEPARTMENT_WINDOW,
  PERIOD_SECONDS,
  TextMatch,
  Statement,
  WALK_SHARE,
  WALK_WINDOW,
  commonWords,
  newestFirstRows,
  periodSql,
} from './text-search-plan';

/** The one instance the projector runs (projection-list.ts) and the read routes query. */
export const petitionViews = new PetitionViewsProjection();

/** Physical names of the live tables, for the read side. */
export const petitionViewTables = () => liveTables(petitionViews) as Readonly<Record<(typeof PETITION_VIEW_TABLES)[number], string>>;
