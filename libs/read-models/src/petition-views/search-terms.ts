import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

// Chinese has no spaces, so PostgreSQL's parser cannot find words in it. jieba segments the text
// here, and the words become tsvector / tsquery literals directly (no text-search parser in
// between), so a document and a query meet on exactly the same tokens.

let jieba: Jieba | undefined;

/** Loading the dictionary takes ~0.2 s: once per process, on first use. */
function segmenter(): Jieba {
  return (jieba ??= Jieba.withDict(dict));
}

const WORD = /[\p{L}\p{N}]/u;
/** tsvector lexemes are limited to 2 KB; no real word comes near. */
const MAX_WORD_LENGTH = 100;

function words(text: string): string[] {
  const out = new Set<string>();
  for (const token of segmenter().cutForSearch(text, true)) {
    const t = token.trim().toLowerCase();
    if (t && t.length <= MAX_WORD_LENGTH && WORD.test(t)) out.add(t);
  }
  return [...out];
}

const QUOTED = /[\\']/;
/** A word as a tsvector / tsquery literal: quoted, its backslashes and quotes escaped (few words have any: tested first). */
const lexeme = (word: string) => (QUOTED.test(word) ? `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'` : `'${word}'`);

/**
 * The lexemes of recently segmented texts. Segmenting is most of the cost of a petition's rows: a
 * case's title and content are segmented for its back-office row and again for its public row,
 * and a rebuild does this for every case. Cleared when full, so memory stays bounded.
 */
const recentLexemes = new Map<string, readonly string[]>();
const RECENT_TEXTS = 4096;

function lexemesOf(text: string): readonly string[] {
  let found = recentLexemes.get(text);
  if (!found) {
    found = words(text).map(lexeme);
    if (recentLexemes.size >= RECENT_TEXTS) recentLexemes.clear();
    recentLexemes.set(text, found);
  }
  return found;
}

/**
 * A tsvector literal of the words of the texts in search mode (long words also as their parts).
 * Each text is segmented on its own: jieba never joins words across the line break that used to
 * separate them, so the words are those of the texts joined.
 */
export function documentVector(...texts: ReadonlyArray<string | null | undefined>): string {
  const all = new Set<string>();
  for (const text of texts) if (typeof text === 'string' && text.length > 0) for (const l of lexemesOf(text)) all.add(l);
  return [...all].join(' ');
}

/**
 * The words a query needs, all of them (AND). Search mode also yields the compound of parts it
 * found (物业公司 → 物业, 公司, 物业公司); a document segments "物业和水务公司" without the compound,
 * so a word that contains another of the query's words is dropped and the finer words remain.
 */
export function queryTerms(q: string): string[] {
  const all = words(q);
  return all.filter((w) => !all.some((other) => other !== w && other.length < w.length && w.includes(other)));
}

/** A tsquery literal needing every word of `q`, or undefined when q has no word at all. */
export function searchQuery(q: string): string | undefined {
  const terms = queryTerms(q);
  return terms.length ? terms.map(lexeme).join(' & ') : undefined;
}
