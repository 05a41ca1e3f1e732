import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Column, PgType } from './columns';

// Rows into a rebuild's fresh table that cannot be there yet (see insertNew, upsertNewer's isNew):
// COPY costs PostgreSQL about half the CPU of the same insert from json_to_recordset.

/** `copy <table> (<columns>) from stdin` in the text format; a failing row fails the statement (and the transaction). */
export async function copyRows<Row>(
  client: PoolClient,
  table: string,
  columns: readonly Column<Row>[],
  rows: readonly Row[],
): Promise<void> {
  if (!rows.length) return;
  const chunks = copyText(columns, rows);
  // The whole batch encoded before the statement starts (as json_to_recordset's parameter is), and
  // written in one go: the stream sends it all once PostgreSQL is ready for it (and waits for the
  // socket's drain between chunks). Streamed from a Readable, one chunk a turn of the event loop, a
  // COPY waited between its chunks for whatever else Node ran (in a rebuild, nine other
  // projections' pages), its backend idle and its transaction open.
  const copy = client.query(copyFrom(`copy ${table} (${columns.map(([c]) => c).join(', ')}) from stdin`));
  // 'finish' comes once PostgreSQL has taken the rows (ReadyForQuery); an error rejects.
  const done = finished(copy);
  // On the server's error the stream lets go of its connection with chunks still queued behind the
  // socket's drain, and would write them to the connection it no longer has (a TypeError thrown from
  // the drain, uncaught: the process died). Destroyed in the error's own turn, as pipeline did, while
  // it still has the connection, it drops them and sends CopyFail, which the server ignores by then.
  copy.once('error', () => copy.destroy());
  for (const chunk of chunks) copy.write(chunk);
  copy.end();
  await done;
}

/** Bytes of COPY text per buffer (a line longer than this gets a buffer of its own). */
const CHUNK_BYTES = 64 * 1024;

/**
 * The rows as COPY's text format in UTF-8: each line (its values joined by tabs) written straight
 * into buffers outside the JavaScript heap. Joining every line into one string first, then
 * converting it to bytes, made three copies of a batch's text on the heap (the lines, the joined
 * text, the stream's conversion), a large share of what a rebuild's collector did.
 */
export function copyText<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): Buffer[] {
  const fields = columns.map(([, , field]) => field);
  const encoders = columns.map(([, type]) => ENCODERS[type]);
  const values = new Array<string>(encoders.length);
  const chunks: Buffer[] = [];
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let at = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < encoders.length; c++) values[c] = encoders[c](row[fields[c]]);
    const line = values.join('\t');
    // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4), plus the newline.
    const most = line.length * 3 + 1;
    if (at + most > buffer.length) {
      if (at > 0) chunks.push(buffer.subarray(0, at));
      buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, most));
      at = 0;
    }
    at += buffer.write(line, at);
    buffer[at++] = 0x0a; // \n
  }
  if (at > 0) chunks.push(buffer.subarray(0, at));
  return chunks;
}

// Each value as json_to_recordset would read it from the row's JSON.stringify: the same rows either way.

const NULL = '\\N';
const SPECIAL = /[\\\n\r\t]/;
const SPECIALS = /[\\\n\r\t]/g;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
/** A value in COPY's text format: backslash, newline, carriage return and tab escaped. */
const escape = (s: string) => (SPECIAL.test(s) ? s.replace(SPECIALS, (c) => ESCAPED[c]) : s);

/** What JSON.stringify makes of a value, as text: a string as it is, anything else its JSON (a Date its ISO instant). */
function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number' && !Number.isFinite(v)) return undefined; // JSON null
  return JSON.stringify(v);
}

const scalar = (v: unknown): string => {
  if (v === null || v === undefined) return NULL;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : NULL; // as JSON.stringify, which writes null for the others
  const text = textOf(v);
  return text === undefined ? NULL : escape(text);
};

const arrayElement = (v: unknown): string => {
  const text = v === null || v === undefined ? undefined : textOf(v);
  return text === undefined ? 'NULL' : `"${text.replace(/["\\]/g, '\\$&')}"`;
};

/** An array literal (`{"a","b",NULL}`), then escaped for COPY. */
const array = (v: unknown): string => {
  if (v === null || v === undefined) return NULL;
  if (!Array.isArray(v)) return scalar(v);
  return escape(`{${v.map(arrayElement).join(',')}}`);
};

const boolean = (v: unknown): string => (v === null || v === undefined ? NULL : v === true ? 't' : v === false ? 'f' : scalar(v));

/** JSON text never holds a raw newline, carriage return or tab (JSON escapes them), so only its backslashes are doubled. */
const json = (v: unknown): string => {
  const text = v === undefined ? undefined : (JSON.stringify(v) as string | undefined);
  // JSON null (null, NaN, a function...) is SQL NULL through json_to_recordset too.
  if (text === undefined || text === 'null') return NULL;
  return text.includes('\\') ? text.replace(/\\/g, '\\\\') : text;
};

const ENCODERS: Record<PgType, (v: unknown) => string> = {
  text: scalar,
  'text[]': array,
  uuid: scalar,
  boolean,
  int: scalar,
  bigint: scalar,
  float8: scalar,
  timestamptz: scalar,
  'timestamptz[]': array,
  jsonb: json,
  tsvector: scalar,
};
