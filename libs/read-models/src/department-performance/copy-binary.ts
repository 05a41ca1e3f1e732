// Rows of `copy (…) to stdout (format binary)` whose columns are all text (or null), as strings.
// COPY is read instead of a cursor because PostgreSQL may plan its query in parallel (a cursor's
// never is): at 1M cases the year's deductions are read, rendered and sorted by three processes.
// The binary format needs no unescaping: a tuple is a 16-bit field count, then per field a 32-bit
// byte length (-1 for null) and the value's bytes (a text column's are its UTF-8).

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Signature, flags (32 bits) and the header extension's length (32 bits). */
const HEADER = SIGNATURE.length + 8;

/**
 * The binary COPY stream chunk by chunk, whatever the chunks' boundaries (a field may be split
 * across several): the header once, then what `rows` makes of the complete rows, until the trailer.
 */
abstract class CopyBinaryReader<T> {
  private rest: Buffer = Buffer.alloc(0);
  private headerRead = false;
  protected ended = false;

  /** The trailer has come: every row has been given, whatever is left of the stream carries no data. */
  get complete(): boolean {
    return this.ended;
  }

  /** What the rows complete in what has arrived so far give (a row cut by a chunk's end comes with the next). */
  push(chunk: Buffer): T[] {
    const buf = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    let at = 0;
    if (!this.headerRead) {
      const past = pastHeader(buf);
      if (past === undefined) {
        this.rest = buf;
        return [];
      }
      at = past;
      this.headerRead = true;
    }
    const { items, next } = this.rows(buf, at);
    this.rest = next < buf.length ? Buffer.from(buf.subarray(next)) : Buffer.alloc(0);
    return items;
  }

  /** Throws unless the trailer came and nothing is left over (a stream cut short). */
  end(): void {
    if (!this.ended || this.rest.length) throw new Error('COPY: the stream ended before its trailer');
  }

  /**
   * The complete rows of `buf` from `at` (a row: its 16-bit field count, -1 for the trailer, which
   * sets `ended`), and where the first row not complete in `buf` begins.
   */
  protected abstract rows(buf: Buffer, at: number): { items: T[]; next: number };

  /**
   * The field count of the row at `at`; undefined when the stream has ended, or when the count has
   * not come; 'trailer' for the trailer (2 bytes), which ends the stream.
   */
  protected fields(buf: Buffer, at: number): number | 'trailer' | undefined {
    if (this.ended || buf.length - at < 2) return undefined;
    const fields = buf.readInt16BE(at);
    if (fields !== -1) return fields;
    this.ended = true;
    return 'trailer';
  }
}

/** Where the rows begin: past the signature, the flags and the header extension; undefined until they have all come. */
function pastHeader(buf: Buffer): number | undefined {
  if (buf.length < HEADER) return undefined;
  if (!buf.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('COPY: not the binary format');
  const past = HEADER + buf.readUInt32BE(HEADER - 4);
  return buf.length < past ? undefined : past;
}

/** Rows whose columns are all text (or null), each an array of `columns` strings. */
export class CopyBinaryRows extends CopyBinaryReader<(string | null)[]> {
  constructor(private readonly columns: number) {
    super();
  }

  protected rows(buf: Buffer, at: number): { items: (string | null)[][]; next: number } {
    const rows: (string | null)[][] = [];
    for (;;) {
      const fields = this.fields(buf, at);
      if (fields === undefined) break;
      if (fields === 'trailer') {
        at += 2;
        break;
      }
      if (fields !== this.columns) throw new Error(`COPY: ${fields} fields in a row, ${this.columns} expected`);
      const row: (string | null)[] = new Array<string | null>(fields);
      let p = at + 2;
      let complete = true;
      for (let f = 0; f < fields; f++) {
        if (buf.length - p < 4) {
          complete = false;
          break;
        }
        const length = buf.readInt32BE(p);
        p += 4;
        if (length === -1) {
          row[f] = null;
          continue;
        }
        if (buf.length - p < length) {
          complete = false;
          break;
        }
        row[f] = buf.toString('utf8', p, p + length);
        p += length;
      }
      if (!complete) break;
      rows.push(row);
      at = p;
    }
    return { items: rows, next: at };
  }
}

/** Consecutive rows of one group, as CopyBinaryRuns gives them: `count` values, each led by a comma. */
export interface CopyRun {
  /** The rows' first column. */
  readonly group: number;
  readonly count: number;
  /** `,value,value…`: the rows' second column, UTF-8, as the server sent it (never decoded). */
  readonly bytes: Buffer;
}

const COMMA = 0x2c;

/**
 * The rows of `copy (select <int4 group>, <text value> …) to stdout (format binary)` as runs of
 * consecutive rows of one group, each run the values' bytes joined and led by commas: what a JSON
 * array of already rendered items needs, with no string made and one copy of the bytes per
 * chunk (the report's JSON, 100 MB at 1M cases, passes through Node this way). A null value
 * or a group that is not an int4 is refused.
 */
export class CopyBinaryRuns extends CopyBinaryReader<CopyRun> {
  protected rows(buf: Buffer, at: number): { items: CopyRun[]; next: number } {
    // Each row of 2 + 4 + 4 + 4 + n bytes becomes 1 + n: the runs fit in what came.
    const out = Buffer.allocUnsafe(Math.max(0, buf.length - at));
    const runs: CopyRun[] = [];
    let length = 0;
    let start = 0;
    let group = 0;
    let count = 0;
    for (;;) {
      const fields = this.fields(buf, at);
      if (fields === undefined) break;
      if (fields === 'trailer') {
        at += 2;
        break;
      }
      if (fields !== 2) throw new Error(`COPY: ${fields} fields in a row, 2 expected`);
      if (buf.length - at < 14) break;
      if (buf.readInt32BE(at + 2) !== 4) throw new Error("COPY: a row's group is not an int4");
      const rowGroup = buf.readInt32BE(at + 6);
      const size = buf.readInt32BE(at + 10);
      if (size < 0) throw new Error("COPY: a row's value is null");
      const from = at + 14;
      if (buf.length - from < size) break;
      if (count && rowGroup !== group) {
        runs.push({ group, count, bytes: out.subarray(start, length) });
        count = 0;
      }
      if (!count) {
        start = length;
        group = rowGroup;
      }
      out[length++] = COMMA;
      length += buf.copy(out, length, from, from + size);
      count++;
      at = from + size;
    }
    if (count) runs.push({ group, count, bytes: out.subarray(start, length) });
    return { items: runs, next: at };
  }
}
