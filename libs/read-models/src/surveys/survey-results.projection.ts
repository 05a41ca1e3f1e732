import { ResultsVisibility, SCALE_MAX, SCALE_MIN, SURVEY_STREAM_PREFIX, SurveyAnswer, SurveyEvent, SurveyQuestion } from '@wenzheng/survey';
import { Column, EventContext, Projection, TableNames, byType, insertNew, liveTables, streamRowProjection } from '@wenzheng/projector';
import { publishedSurveyEvent } from '@wenzheng/petition-store';

// Surveys and their running tallies, folded from survey-<id> streams: one row per survey (the
// questions, counts per option / per scale point) and one per response (its answers, free text as
// the copy redacted when written; never a respondent key).

export const SURVEYS = 'surveys';
export const SURVEY_RESPONSES = 'survey_responses';

export interface SurveyRow {
  surveyId: string;
  lastRevision: number;
  departmentId: string;
  title: string;
  description: string | null;
  status: 'open' | 'closed';
  questions: readonly SurveyQuestion[];
  resultsVisibility: ResultsVisibility;
  publishedAt: string;
  opensAt: string;
  closesAt: string;
  closedAt: string | null;
  responses: number;
  /** questionId → counts: per option (single, multiple), per point 1–5 (scale), [answered] (text). */
  tallies: Readonly<Record<string, readonly number[]>>;
}

export const SURVEY_COLUMNS: readonly Column<SurveyRow>[] = [
  ['survey_id', 'uuid', 'surveyId'],
  ['last_revision', 'bigint', 'lastRevision'],
  ['department_id', 'text', 'departmentId'],
  ['title', 'text', 'title'],
  ['description', 'text', 'description'],
  ['status', 'text', 'status'],
  ['questions', 'jsonb', 'questions'],
  ['results_visibility', 'text', 'resultsVisibility'],
  ['published_at', 'timestamptz', 'publishedAt'],
  ['opens_at', 'timestamptz', 'opensAt'],
  ['closes_at', 'timestamptz', 'closesAt'],
  ['closed_at', 'timestamptz', 'closedAt'],
  ['responses', 'int', 'responses'],
  ['tallies', 'jsonb', 'tallies'],
];

export interface SurveyResponseRow {
  responseId: string;
  surveyId: string;
  submittedAt: string;
  via: 'account' | 'phone';
  answers: readonly SurveyAnswer[];
}

export const RESPONSE_COLUMNS: readonly Column<SurveyResponseRow>[] = [
  ['response_id', 'uuid', 'responseId'],
  ['survey_id', 'uuid', 'surveyId'],
  ['submitted_at', 'timestamptz', 'submittedAt'],
  ['via', 'text', 'via'],
  ['answers', 'jsonb', 'answers'],
];

const emptyTally = (q: SurveyQuestion): number[] =>
  new Array<number>(q.kind === 'scale' ? SCALE_MAX - SCALE_MIN + 1 : q.kind === 'text' ? 1 : (q.options?.length ?? 0)).fill(0);

/** The tallies after one more response. */
function tally(row: SurveyRow, answers: readonly SurveyAnswer[]): Record<string, number[]> {
  const next: Record<string, number[]> = Object.fromEntries(row.questions.map((q) => [q.id, [...(row.tallies[q.id] ?? emptyTally(q))]]));
  for (const a of answers) {
    const counts = next[a.questionId];
    if (!counts) continue;
    const bump = (i: number) => i >= 0 && i < counts.length && counts[i]++;
    if (a.choices) a.choices.forEach(bump);
    else if (a.scale !== undefined) bump(a.scale - SCALE_MIN);
    else if (a.text !== undefined) bump(0);
  }
  return next;
}

type Context = EventContext<SurveyResponseRow>;

const apply = byType<SurveyEvent, SurveyRow | null, Context>({
  SurveyPublished: (_row, { data }, { key }) => ({
    surveyId: key,
    lastRevision: -1,
    departmentId: data.departmentId,
    title: data.title,
    description: data.description ?? null,
    status: 'open',
    questions: data.questions,
    resultsVisibility: data.resultsVisibility,
    publishedAt: data.at,
    opensAt: data.opensAt,
    closesAt: data.closesAt,
    closedAt: null,
    responses: 0,
    tallies: Object.fromEntries(data.questions.map((q) => [q.id, emptyTally(q)])),
  }),
  SurveyResponseRecorded: (row, { data }, { key, emit }) => {
    if (!row) return row;
    emit({ responseId: data.responseId, surveyId: key, submittedAt: data.at, via: data.via, answers: data.answers });
    return { ...row, responses: row.responses + 1, tallies: tally(row, data.answers) };
  },
  SurveyClosed: (row, { data }) => (row ? { ...row, status: 'closed', closedAt: data.at } : row),
});

export const surveyResultsProjection: Projection = streamRowProjection<SurveyRow, SurveyEvent, SurveyResponseRow>({
  name: 'survey_results',
  version: 1,
  streamPrefix: SURVEY_STREAM_PREFIX,
  table: {
    name: SURVEYS,
    columns: SURVEY_COLUMNS,
    notNull: ['survey_id', 'last_revision', 'department_id', 'status'],
    indexes: ['(published_at desc)'],
  },
  emittedTables: [
    { name: SURVEY_RESPONSES, columns: RESPONSE_COLUMNS, notNull: ['response_id', 'survey_id'], indexes: ['(survey_id, submitted_at)'] },
  ],
  eventOf: publishedSurveyEvent,
  evolve: (row, event, context) => apply(row, event, context),
  saveEmitted: (client, responses, names) => insertNew(client, names[SURVEY_RESPONSES], RESPONSE_COLUMNS, responses),
});

export const surveyTables = (): TableNames => liveTables(surveyResultsProjection);
