import { create } from 'content-disposition';

/**
 * The Content-Disposition of a served attachment (RFC 6266): `inline` for what a browser shows (a
 * photo), `attachment` to download. A non-ASCII name (照片.jpg) travels as RFC 5987 `filename*`
 * (UTF-8, percent-encoded) with an ASCII `filename` fallback for old clients (`_` for each non-ASCII
 * run: the library's `?` is not a legal file name character on Windows). The name is reduced to its
 * last path segment without control characters, so a name from an upload cannot smuggle a path or a
 * header.
 */
export function contentDisposition(filename: string | undefined, type: 'inline' | 'attachment'): string {
  const name = (filename ?? '')
    .split(/[/\\]/)
    .pop()!
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 200);
  if (!name) return type;
  const ascii = name.replace(/[^\x20-\x7e]+/g, '_');
  return create(name, { type, fallback: ascii === name ? true : ascii });
}
