import type { Pool } from 'pg';
import type { KeysetPosition } from './keyset-cursor';
import { queryTerms } from './search-terms';

// A page of a word search, newest first, at a million rows. The GIN index finds every row with
// the words, and PostgreSQL must then read and sort all of them to return the newest 21: tens of
// thousands of rows for a common word. Walking the newest-first index and testing each row stops
// after ~21/share rows instead, which is what the planner does for one common word; but for a
// query of several words it multiplies their shares as if independent, and jieba's parts of one
// word (鹿城区 → 鹿城 & 城区, 不动产权证 → 不动 & 动产 & 权证) always occur together, so it believes
// them rare, takes the GIN path and reads every match (300 ms for 不动产权证 at 1M cases).
//
// Here the share of a query is taken as the share of its rarest word (ANALYZE's most common
// words; a word not among them is rare), an upper bound. When that share is high, the page is
// looked for among the newest rows of the other filters first: twice as many rows as a page needs
// at the words' share as if independent, 500 to WALK_WINDOW, so a filter the words are rare
// under costs a short walk; the words are tested through ts_match_vq, the function behind @@,
// which no index serves. When the window holds too
// few matches (words common alone, rarely together, or rare within the filters) the rest comes
// from the GIN path after the window's oldest row. Rare words always take the GIN path, with an
// ORDER BY no index provides, so the planner cannot gamble on a long walk. The answer is the same
// rows in the same order either way (test/read-models/text-search-plan.int-spec.ts).
//
// A word common overall but absent from the newest rows (退费: only in answers, which only older
// cases have) misses the window, and reading all its GIN matches is what costs (28,636 rows at 1M
// cases, 260 ms). The public search's GIN index also holds each row's week (PERIOD_SECONDS), so
// where the statement can (the public listing without a department) the matches after the window
// are read a few weeks at a time, newest first — 1, 2, 4 … weeks: the GIN index intersects the
// word with the weeks and only their matches are read and sorted — until the page is full; a
// week's rows are all older than the next week's, so the page is the same. Rare words are read so
// too, from the newest row's week (宅基地, some 3,700 matches: 3,768 buffers for a page before).

/** Most rows walked before falling back to the GIN path: 21 matches are expected within it from a share of ~0.5%. */
export const WALK_WINDOW = 4000;
const LEAST_WINDOW = 500;
/**
 * Most rows walked within one department, whose matches the GIN path reads with the department
 * (listing-statements.ts): a shorter walk, since what it leaves to the GIN path is bounded by the
 * department's rows, not the table's (at most ~21 × its rows / the window). At 1M cases 800 read
 * fewer buffers than 500, 1,000, 1,500 or 2,500 at the 95th percentile (docs/performance.md).
 */
export const DEPARTMENT_WINDOW = 800;
/** The share (of rows with every word) from which walking the newest rows is cheaper than reading every match. */
export const WALK_SHARE = 0.005;
const STATISTICS_TTL_MS = 10 * 60_000;

export type TextMatch =
  /** `search @@ q` with the plan left to the planner (a listing without words has only this). */
  | { readonly kind: 'index' }
  /** `search @@ q`, every match the GIN index finds read and sorted: bounded by the number of matches. */
  | { readonly kind: 'matches' }
  /**
   * `ts_match_vq(search, q)` over the newest `rows` rows of the other filters, and (flagged
   * `window_end`) the window's oldest row when it holds `rows` rows.
   */
  | { readonly kind: 'window'; readonly rows: number }
  /**
   * `search @@ q` among the rows whose period (periodSql) is one of `periods`, read and sorted as
   * 'matches'; only where an index holds the period with the words (a statement without gives undefined).
   */
  | { readonly kind: 'periods'; readonly periods: readonly number[] };

/** Length of a period of the public search's GIN index (petition-views.tables.ts): a week at 1M cases a year holds ~14,000 public rows. */
export const PERIOD_SECONDS = 7 * 86_400;
/** Most periods read in one go after the window (doubling from one); older matches then come from the GIN path alone. */
const MOST_PERIODS = 32;

/** SQL of a row's period, as the index has it: whole PERIOD_SECONDS since the Unix epoch (immutable, unlike extract on a timestamptz). */
export const periodSql = (column: string) =>
  `floor(extract(epoch from (${column} - timestamptz '1970-01-01 00:00:00+00')) / ${PERIOD_SECONDS})::int`;

/** The period of an instant as periodSql computes it. */
const periodOf = (at: string) => Math.floor(Date.parse(at) / 1000 / PERIOD_SECONDS);

export interface Statement {
  readonly text: string;
  readonly values: unknown[];
}

const shares = new Map<string, { readonly at: number; readonly byWord: ReadonlyMap<string, number> }>();

/** The share of rows having each of the most common words of `table`'s search column (ANALYZE's statistics), cached a while. */
async function wordShares(pool: Pool, table: string): Promise<ReadonlyMap<string, number>> {
  const cached = shares.get(table);
  if (cached && Date.now() - cached.at < STATISTICS_TTL_MS) return cached.byWord;
  const [schema, name] = table.includes('.') ? table.split('.') : ['public', table];
  const { rows } = await pool.query<{ words: string[] | null; shares: number[] | null }>(
    `select most_common_elems::text::text[] as words, most_common_elem_freqs as shares
       from pg_stats where schemaname = $1 and tablename = $2 and attname = 'search'`,
    [schema, name],
  );
  const byWord = new Map<string, number>();
  const { words, shares: s } = rows[0] ?? { words: null, shares: null };
  if (words && s) words.forEach((w, i) => byWord.set(w, s[i]));
  shares.set(table, { at: Date.now(), byWord });
  return byWord;
}

/**
 * The share of rows likely to have every one of `words`: at most that of the rarest (0 when one
 * is not among the most common), at least about their product (as if independent).
 */
async function wordsShare(pool: Pool, table: string, words: readonly string[]): Promise<{ rarest: number; together: number }> {
  if (!words.length) return { rarest: 0, together: 0 };
  const byWord = await wordShares(pool, table);
  const each = words.map((w) => byWord.get(w) ?? 0);
  return { rarest: Math.min(...each), together: each.reduce((a, b) => a * b, 1) };
}

/** Whether rows with every one of `words` are likely common enough that walking the newest rows finds a page soon. */
export async function commonWords(pool: Pool, table: string, words: readonly string[]): Promise<boolean> {
  return (await wordsShare(pool, table, words)).rarest >= WALK_SHARE;
}

/**
 * The rows (up to `want`) of a newest-first page, q's words searched if q is given (`terms`: the
 * table of the words, whose statistics size the window):
 * `statement` builds the filters' statement for a way of matching the words, after a keyset
 * position, or gives undefined when q has no word (then so does this). `walkable`: the other
 * filters have a newest-first index to walk (a window over them is cheap).
 */
export async function newestFirstRows<R extends { sort_at: string; petition_id: string }>(
  pool: Pool,
  terms: string,
  q: string | undefined,
  statement: (match: TextMatch, after: KeysetPosition | undefined) => Statement | undefined,
  after: KeysetPosition | undefined,
  want: number,
  walkable = true,
  /** Rows in the window (tests); by default from the words' share. */
  windowRows?: number,
  /** Most rows walked before the GIN path (DEPARTMENT_WINDOW for a department's rows). */
  windowCap = WALK_WINDOW,
): Promise<R[] | undefined> {
  const run = async <T extends object>(s: Statement | undefined) => (s ? (await pool.query<T>(s.text, s.values)).rows : []);
  const plain = statement({ kind: 'index' }, after);
  if (!plain) return undefined;
  if (q === undefined) return run<R>(plain);
  const share = walkable ? await wordsShare(pool, terms, queryTerms(q)) : { rarest: 0, together: 0 };
  const byPeriods = walkable && statement({ kind: 'periods', periods: [] }, after) !== undefined;
  const rare = share.rarest < WALK_SHARE;
  if (rare && !byPeriods) return run<R>(statement({ kind: 'matches' }, after));
  // Sized by the lower estimate: words common alone but independent (瑞安 物业) need the longer walk.
  // Rare words read by periods too (a few thousand matches a year are still many heap rows): a window
  // of one row gives the newest instant to count the periods from.
  const window = windowRows ?? (rare ? 1 : Math.min(windowCap, Math.max(LEAST_WINDOW, Math.ceil((2 * want) / share.together))));
  const windowed = await run<R & { window_end: boolean }>(statement({ kind: 'window', rows: window }, after));
  const found = windowed.filter((r) => !r.window_end).map(({ window_end: _, ...r }) => r as unknown as R);
  const end = windowed.find((r) => r.window_end);
  // A full page within the window, or the window held every row of the filters.
  if (found.length >= want || !end) return found;
  let position: KeysetPosition = { at: end.sort_at, id: end.petition_id };
  // Periods newest first, each block older than the one before: rows found are newer than any left.
  let newest = periodOf(end.sort_at);
  for (let count = 1; count <= MOST_PERIODS; count *= 2) {
    const periods = Array.from({ length: count }, (_, i) => newest - i);
    const s = statement({ kind: 'periods', periods }, position);
    if (!s) break;
    found.push(...(await run<R>(s)));
    if (found.length >= want) return found.slice(0, want);
    newest -= count;
    // Every row of the periods read is behind; the GIN path takes what is older (rows at the
    // period's first instant belong to it: no id is below '').
    position = { at: new Date((newest + 1) * PERIOD_SECONDS * 1000).toISOString(), id: '' };
  }
  const rest = await run<R>(statement({ kind: 'matches' }, position));
  return [...found, ...rest].slice(0, want);
}
