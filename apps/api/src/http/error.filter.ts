import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ErrorMappers } from './error-mappers';
import { isOpen311Request } from '../open311/open311-path';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** What body-parser refused, as a field, its rule and the text (the request's body as a whole has no field). */
const BODY_PARSER_PROBLEMS: Record<string, { field?: string; rule?: string; text: string }> = {
  'entity.too.large': { text: 'request body is larger than the limit' },
  'entity.parse.failed': { field: 'body', rule: 'json', text: 'not valid JSON' },
  'entity.utf8.invalid': { field: 'body', rule: 'wellFormedUnicode', text: 'not valid UTF-8' },
  'charset.unsupported': { field: 'Content-Type', rule: 'charset', text: 'the charset must be utf-8' },
};

/**
 * Every error leaves as `{ statusCode, error, message }`. Unknown errors are 500 with a generic
 * message: their text may hold personal data, so it goes to the log only as the error's name.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  /** The application's mappers (none: only HTTP, body-parser and database errors are known). */
  constructor(private readonly mappers?: ErrorMappers) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    const { status, body } = this.toResponse(exception, req);
    if (res.headersSent) return;
    // A GeoReport v2 client reads every error as `[{ code, description }]`: those raised before the
    // Open311 controller and its own filter (the input checks, the body parser, an unknown path) too.
    if (isOpen311Request(req)) res.status(status).json([{ code: status, description: String(body.message ?? body.error) }]);
    else res.status(status).json(body);
  }

  toResponse(e: unknown, request?: Request): { status: number; body: Record<string, unknown> } {
    const r = this.mappers?.map(e, request);
    if (r)
      return {
        status: r.status,
        body: {
          statusCode: r.status,
          error: REASONS[r.status] ?? 'Error',
          message: r.message,
          ...(r.code ? { code: r.code } : {}),
          ...(r.rule ? { rule: r.rule } : {}),
          ...(r.details ? { details: r.details } : {}),
        },
      };
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const r = e.getResponse();
      const body =
        typeof r === 'string' ? { statusCode: status, error: REASONS[status] ?? 'Error', message: r } : (r as Record<string, unknown>);
      if (Array.isArray(body.message)) body.message = body.message.join('; ');
      return { status, body: { statusCode: status, error: REASONS[status] ?? 'Error', ...body } };
    }
    // body-parser errors carry their own status (413 too large, 400 bad JSON, 415 charset)
    const bp = e as { type?: string; status?: number; statusCode?: number };
    const bpStatus = bp?.status ?? bp?.statusCode;
    if (bp?.type && typeof bpStatus === 'number' && bpStatus >= 400 && bpStatus < 500) {
      const p = BODY_PARSER_PROBLEMS[bp.type];
      const message = p ? (p.field ? `${p.field}: ${p.text}` : p.text) : `request body refused (${bp.type})`;
      const details = p?.field && p.rule ? [{ field: p.field, rule: p.rule, message }] : undefined;
      return {
        status: bpStatus,
        body: { statusCode: bpStatus, error: REASONS[bpStatus] ?? 'Error', message, ...(details && { details }) },
      };
    }
    if (isDatabaseUnavailable(e)) {
      this.logger.warn(`database unavailable: ${(e as Error).message.split('\n')[0]}`);
      return {
        status: 503,
        body: {
          statusCode: 503,
          error: REASONS[503],
          message: 'the database is unavailable for a moment: retry (with the same Idempotency-Key)',
        },
      };
    }
    this.logger.error(
      `unhandled ${e instanceof Error ? e.name : typeof e}${e instanceof Error && e.stack ? `\n${e.stack.split('\n').slice(1, 6).join('\n')}` : ''}`,
    );
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: { statusCode: 500, error: REASONS[500], message: 'internal error' } };
  }
}

/** A dropped or refused database connection, a server shutting down, or a failover: retryable. */
export function isDatabaseUnavailable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (e.name === 'EventStoreUnavailableError') return true;
  const code = (e as { code?: string }).code;
  if (
    code &&
    ['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].includes(
      code,
    )
  )
    return true;
  return /Connection terminated|terminating connection|Client has encountered a connection error|timeout exceeded when trying to connect|Connection ended unexpectedly/i.test(
    e.message,
  );
}
