import type { Column } from './columns';
import { copyText } from './copy-rows';

// copyText writes a batch's COPY text straight into UTF-8 buffers, line by line; the bytes must be
// those of the whole text joined and converted at once (what the COPY stream was given before),
// wherever a buffer ends.

interface Row {
  id: number;
  text: string | null;
  tags: string[] | null;
  params: unknown;
}

const COLUMNS: readonly Column<Row>[] = [
  ['id', 'int', 'id'],
  ['text', 'text', 'text'],
  ['tags', 'text[]', 'tags'],
  ['params', 'jsonb', 'params'],
];

const bytesOf = (chunks: readonly Buffer[]) => Buffer.concat(chunks);

describe('copyText', () => {
  it('escapes each value and ends every line, in UTF-8', () => {
    const rows: Row[] = [
      { id: 1, text: 'tab\there\nnew\\line\r', tags: ['a"b', 'c\\d', ''], params: { q: 'x\\y', n: null } },
      { id: 2, text: null, tags: null, params: null },
      { id: 3, text: '问政 😀 \u2028', tags: ['鹿城区'], params: ['é'] },
      { id: 4, text: 'lone \ud800 surrogate', tags: [], params: {} },
    ];
    const expected =
      '1\ttab\\there\\nnew\\\\line\\r\t{"a\\\\"b","c\\\\\\\\d",""}\t{"q":"x\\\\\\\\y","n":null}\n' +
      '2\t\\N\t\\N\t\\N\n' +
      '3\t问政 😀 \u2028\t{"鹿城区"}\t["é"]\n' +
      '4\tlone \ud800 surrogate\t{}\t{}\n';
    // A lone surrogate becomes U+FFFD, as Buffer.from makes it.
    expect(bytesOf(copyText(COLUMNS, rows))).toEqual(Buffer.from(expected));
  });

  it('gives the same bytes as the whole text converted at once when the lines span many buffers', () => {
    const long = '长'.repeat(40_000); // one line of 120,000 bytes: more than a buffer holds
    const rows: Row[] = [];
    for (let i = 0; i < 3000; i++)
      rows.push({ id: i, text: i === 1500 ? long : `第${i}号诉求：工地夜间施工 😀`, tags: null, params: null });
    const chunks = copyText(COLUMNS, rows);
    expect(chunks.length).toBeGreaterThan(2);
    const expected = rows.map((r) => `${r.id}\t${r.text}\t\\N\t\\N\n`).join('');
    // Compared as bytes (toEqual walks a large Buffer slowly); the line count says where they part.
    expect(bytesOf(chunks).toString('utf8').split('\n')).toHaveLength(3001);
    expect(bytesOf(chunks).equals(Buffer.from(expected))).toBe(true);
  });

  it('gives no buffer for no rows', () => {
    expect(copyText(COLUMNS, [])).toEqual([]);
  });
});
