// Rows of `copy (…) to stdout (format binary)` whose columns are all text (or null), as strings.
// COPY is read instead of a cursor because PostgreSQL may plan its query in parallel (a cursor's
// never is): at 1M cases the year's deductions are read, rendered and sorted by three processes.
// The binary format needs no unescaping: a tuple is a 16-bit field count, then per field a 32-bit
// byte length (-1 for null) and the value's bytes (a text column's are its UTF-8).

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Signature, flags (32 bits) and the header extension's length (32 bits). */
const HEADER = SIGNATURE.length + 8;

/** Parses the binary COPY stream chunk by chunk, whatever the chunks' boundaries (a field may be split across several). */
export class CopyBinaryRows {
  private rest: Buffer = Buffer.alloc(0);
  private headerRead = false;
  private ended = false;

  constructor(private readonly columns: number) {}

  /** The trailer has come: every row has been given, whatever is left of the stream carries no data. */
  get complete(): boolean {
    return this.ended;
  }

  /** The rows complete in what has arrived so far, each an array of `columns` values. */
  push(chunk: Buffer): (string | null)[][] {
    const buf = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    let at = 0;
    if (!this.headerRead) {
      if (buf.length < HEADER) {
        this.rest = buf;
        return [];
      }
      if (!buf.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('COPY: not the binary format');
      at = HEADER + buf.readUInt32BE(HEADER - 4);
      this.headerRead = true;
    }
    const rows: (string | null)[][] = [];
    for (;;) {
      if (this.ended || buf.length - at < 2) break;
      const fields = buf.readInt16BE(at);
      if (fields === -1) {
        this.ended = true;
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
    this.rest = at < buf.length ? Buffer.from(buf.subarray(at)) : Buffer.alloc(0);
    return rows;
  }

  /** Throws unless the trailer came and nothing is left over (a stream cut short). */
  end(): void {
    if (!this.ended || this.rest.length) throw new Error('COPY: the stream ended before its trailer');
  }
}
