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
 * Two lexeme literals in the order tsvector keeps its lexemes: by the words' UTF-8 bytes, a word
 * before the longer ones it begins. UTF-16 code units order the same but around surrogates (a word
 * outside the Basic Multilingual Plane), compared by code points there. The quotes around a word are
 * left out; one inside it (jieba gives none: it splits on them) is compared doubled, as is a
 * backslash, which keeps the order (200,000 random pairs checked against the bytes). Were one out
 * of order, PostgreSQL would sort that vector itself: the tsvector is the same.
 */
const byWords = (a: string, b: string) => inUtf8Order(a, 1, a.length - 1, b, 1, b.length - 1);

function inUtf8Order(x: string, xFrom: number, xEnd: number, y: string, yFrom: number, yEnd: number): number {
  const n = Math.min(xEnd - xFrom, yEnd - yFrom);
  for (let k = 0; k < n; k++) {
    const cx = x.charCodeAt(xFrom + k);
    const cy = y.charCodeAt(yFrom + k);
    if (cx === cy) continue;
    const surrogate = (cx >= 0xd800 && cx < 0xe000) || (cy >= 0xd800 && cy < 0xe000);
    return surrogate ? (x.codePointAt(xFrom + k) as number) - (y.codePointAt(yFrom + k) as number) : cx - cy;
  }
  return xEnd - xFrom - (yEnd - yFrom);
}

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
    found = words(text).map(lexeme).sort(byWords);
    if (recentLexemes.size >= RECENT_TEXTS) recentLexemes.clear();
    recentLexemes.set(text, found);
  }
  return found;
}

/**
 * A tsvector literal of the words of the texts in search mode (long words also as their parts).
 * Each text is segmented on its own: jieba never joins words across the line break that used to
 * separate them, so the words are those of the texts joined. The lexemes go in PostgreSQL's own
 * order (their bytes), which its parser checks before sorting them: in jieba's order, reading a
 * case's vector cost PostgreSQL 2 µs more (100,000 cases' vectors by COPY: 660 ms of the server's
 * CPU, 460 ms sorted), four vectors a public case in a rebuild. Each text's lexemes are sorted once,
 * when segmented and kept, so a document costs a merge of its texts' (sorted here for each document,
 * a document of some fifty words cost 5 µs more in Node than PostgreSQL saved). The tsvector is
 * the same either way.
 */
export function documentVector(...texts: ReadonlyArray<string | null | undefined>): string {
  let merged: readonly string[] = [];
  for (const text of texts)
    if (typeof text === 'string' && text.length > 0) merged = merged.length ? mergeSorted(merged, lexemesOf(text)) : lexemesOf(text);
  return merged.join(' ');
}

/** Two sorted lists of distinct lexemes as one, a lexeme in both once. */
function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  const out = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const order = byWords(a[i], b[j]);
    if (order <= 0) out[k++] = a[i++];
    if (order >= 0) {
      if (order > 0) out[k++] = b[j];
      j++;
    }
  }
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  out.length = k;
  return out;
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
