import { isUtf8 } from 'node:buffer';
import { HttpException, HttpStatus, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { type FieldProblem, badInput, badInputs } from './validation';

/** Deeper than any DTO (the deepest is 3) and far below what would overflow the stack of the validation pipe. */
export const MAX_NESTING = 32;
/** body-parser inflates these; any other Content-Encoding is refused before the body is read. */
const ENCODINGS = ['identity', 'gzip', 'deflate', 'br'];

/**
 * Keys that would reach an object's prototype if anything ever merged a body into an object
 * (JSON.parse keeps them as own keys): refused wherever they appear, as unknown fields.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

// With the u flag a surrogate pair is one astral code point, so only an unpaired half matches.
const LONE_SURROGATE = /\p{Cs}/u;

/** The first string problem in `s`: PostgreSQL refuses NUL and lone surrogates in jsonb and text alike. */
function stringProblem(s: string): { rule: string; text: string } | undefined {
  if (s.includes('\u0000')) return { rule: 'noNul', text: 'must not contain the control character NUL (\\u0000)' };
  if (LONE_SURROGATE.test(s)) return { rule: 'wellFormedUnicode', text: 'must be valid Unicode (a lone surrogate such as \\ud800 is not)' };
  return undefined;
}

const join = (parent: string, key: string | number) =>
  typeof key === 'number' ? `${parent || 'body'}[${key}]` : parent ? `${parent}.${key}` : key;

/** Walks parsed input with bounded recursion: depth first, so a 10,000-deep body costs 33 frames. */
export function inputProblem(value: unknown, path = '', depth = 0): FieldProblem | undefined {
  const where = path || 'body';
  if (typeof value === 'string') {
    const p = stringProblem(value);
    return p && { field: where, rule: p.rule, message: `${where}: ${p.text}` };
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= MAX_NESTING) return { field: where, rule: 'maxNesting', message: `${where}: nested deeper than ${MAX_NESTING} levels` };
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, child] of entries) {
    if (typeof key === 'string') {
      const p = stringProblem(key);
      if (p) return { field: where, rule: p.rule, message: `${where}: a field name ${p.text}` };
      if (PROTOTYPE_KEYS.has(key)) return { field: join(path, key), rule: 'unknown_field', message: `${join(path, key)}: unknown field` };
    }
    const problem = inputProblem(child, join(path, key), depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/** Percent-encoded bytes that are not UTF-8 (%ED%A0%80, %FF) would be parsed as U+FFFD, silently. */
function queryEncodingProblem(url: string): FieldProblem | undefined {
  const i = url.indexOf('?');
  if (i < 0) return undefined;
  try {
    // a lone % is left literal by the query parser, so only real %XX sequences are decoded here
    decodeURIComponent(url.slice(i + 1).replace(/%(?![0-9a-fA-F]{2})/g, '%25'));
    return undefined;
  } catch {
    return { field: 'query', rule: 'wellFormedUnicode', message: 'query: percent-encoded bytes must be valid UTF-8' };
  }
}

/** Before the body parser: an encoding it cannot undo is 415 naming it (it would otherwise read the body first). */
export function refuseUnknownContentEncoding(req: Request, _res: Response, next: NextFunction): void {
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  if (encoding && !ENCODINGS.includes(encoding)) {
    next(new UnsupportedMediaTypeException(`Content-Encoding ${encoding} is not supported: send identity, gzip, deflate or br`));
    return;
  }
  next();
}

/**
 * Outside /open311 (FixMyStreet posts forms): a body the JSON parser does not read (a form, text,
 * XML, or one of no type) is refused as what it is (415). Unread, it would reach validation as an
 * empty body and be refused field by field ("channel: is required") though every field was sent.
 */
export function refuseUnreadBody(req: Request, _res: Response, next: NextFunction): void {
  // An empty body (Content-Length: 0, as fetch sends a POST without one) is no body, whatever its
  // type; and a read's body is never read.
  if (req.headers['content-length'] === '0' || SAFE.has(req.method)) return next();
  // One look at the type (every request passes here): null without a body, false for none of these.
  const type = req.is(READ_TYPES);
  if (type === 'application/x-www-form-urlencoded') {
    next(
      new UnsupportedMediaTypeException('Content-Type: application/x-www-form-urlencoded is read only by /open311; send application/json'),
    );
    return;
  }
  // Any other body the API does not read (text/plain, XML, or none named): 415 naming the header,
  // not a validation error listing every field as missing though the body held them.
  if (type === false) {
    const named = req.headers['content-type']?.split(';')[0].trim();
    next(
      new UnsupportedMediaTypeException(
        `Content-Type: ${named ? `${named.slice(0, 100)} is not read here` : 'is missing for a request with a body'}; send application/json`,
      ),
    );
    return;
  }
  next();
}

/**
 * The bodies the API reads (JSON, as the JSON parser reads only application/json: a `+json` type such
 * as merge-patch would reach validation unread; multipart on the routes that take attachments), and
 * the form it names when refusing.
 */
const READ_TYPES = ['application/json', 'multipart/form-data', 'application/x-www-form-urlencoded'];
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** BODY_LIMIT (`100kb`, `1mb`, `512`: the forms the config accepts) in bytes, counted as body-parser counts them. */
export function bodyLimitBytes(limit: string): number {
  const m = /^(\d+)(b|kb|mb)?$/i.exec(limit.trim());
  if (!m) throw new Error(`BODY_LIMIT: must be a size like 100kb or 1mb (got ${limit})`);
  return Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()];
}

/**
 * Before the body parser: a Content-Length over the limit is 413 at once. body-parser refuses it
 * too, but only after reading the whole announced body off the socket, so a client announcing
 * 100 GB held the connection until the request timeout (408). The connection is closed after
 * the answer, the rest of the body unread. (A compressed body that large inflates larger still.)
 * A multipart body is not the JSON parser's: the routes that take attachments bound it themselves
 * (attachments/multipart-command.middleware.ts), and no other route reads one.
 */
export function refuseOversizedBody(limit: string): (req: Request, res: Response, next: NextFunction) => void {
  const max = bodyLimitBytes(limit);
  return (req, res, next) => {
    if (req.is('multipart/form-data')) return next();
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > max) {
      res.setHeader('Connection', 'close');
      next(new PayloadTooLargeException('request body is larger than the limit'));
      return;
    }
    next();
  };
}

/**
 * body-parser's `verify`: body-parser itself decodes any `utf-*` charset, but the API reads UTF-8
 * only (415, as its message says); raw bytes that are not UTF-8 would silently become U+FFFD.
 */
export function requireUtf8(_req: Request, _res: Response, body: Buffer, encoding: string | null): void {
  if ((encoding ?? 'utf-8').toLowerCase() !== 'utf-8') {
    throw Object.assign(new Error('Content-Type: the charset must be utf-8'), { status: 415, type: 'charset.unsupported' });
  }
  if (!isUtf8(body)) {
    throw Object.assign(new Error('body: not valid UTF-8'), { status: 400, type: 'entity.utf8.invalid' });
  }
}

/**
 * After the body parser: a decompression failure (gzip announced, plain text sent) reaches here as
 * a bare zlib error with no body-parser type; it becomes 400 naming the Content-Encoding.
 */
export function bodyParserErrors(err: unknown, req: Request, _res: Response, next: NextFunction): void {
  const e = err as { type?: string; status?: number; body?: unknown };
  // Nest would answer a parse error with V8's message, which quotes the body (personal data
  // included) and names no rule; a JSON scalar (null, 42) is refused by strict parsing as a
  // syntax error though it is valid JSON.
  if (e?.type === 'entity.parse.failed') {
    const first = typeof e.body === 'string' ? e.body.trimStart().charAt(0) : '';
    const scalar = first !== '' && first !== '{' && first !== '[' && isJson(String(e.body));
    next(badInput('body', 'json', scalar ? 'must be a JSON object' : 'not valid JSON'));
    return;
  }
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  if (e && !(err instanceof HttpException) && !e.type && e.status === HttpStatus.BAD_REQUEST && encoding && encoding !== 'identity') {
    next(badInput('body', 'contentEncoding', `does not match its Content-Encoding ${encoding} (could not be decompressed)`));
    return;
  }
  next(err);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** After the body parser, before any guard or pipe: depth, NUL and lone surrogates in the body and query. */
export function checkRequestInput(req: Request, _res: Response, next: NextFunction): void {
  const problem =
    queryEncodingProblem(req.originalUrl) ?? inputProblem(req.query) ?? (req.body === undefined ? undefined : inputProblem(req.body));
  next(problem ? badInputs([problem]) : undefined);
}
