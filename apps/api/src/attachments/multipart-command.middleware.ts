import {
  BadRequestException,
  HttpException,
  Inject,
  Injectable,
  NestMiddleware,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '@wenzheng/platform';
import { bodyLimitBytes, checkRequestInput } from '../http/request-input';
import { APP_CONFIG } from '@wenzheng/platform';
import { FILES_FIELD, UploadedBytes } from './attachment-store';

// multer comes with @nestjs/platform-express (its FileInterceptor wraps it); it ships no types.
interface MulterError extends Error {
  code: string;
  field?: string;
}
type Handler = (req: Request, res: Response, next: (e?: unknown) => void) => void;
interface Multer {
  (options: { storage: unknown; limits: Record<string, number> }): { array(field: string): Handler };
  memoryStorage(): unknown;
  MulterError: new (...args: never[]) => MulterError;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const multer = require('multer') as Multer;

/** The form field holding the command, as the JSON body of the same route would be. */
export const PAYLOAD_FIELD = 'payload';

export interface MultipartRequest extends Request {
  attachmentFiles?: UploadedBytes[];
}

const problem = (status: 400 | 413, field: string, rule: string, text: string): HttpException => {
  const message = `${field}: ${text}`;
  const body = { statusCode: status, message, details: [{ field, rule, message }] };
  return status === 413
    ? new PayloadTooLargeException({ ...body, error: 'Payload Too Large' })
    : new BadRequestException({ ...body, error: 'Bad Request' });
};

/**
 * multipart/form-data on the routes that take attachments (submit, comment, answer): a `payload`
 * field with the command as JSON and up to ATTACHMENT_MAX_COUNT `files`. A middleware rather than
 * Nest's FileInterceptor because it must run where the JSON body parser runs, before the guards
 * and the global idempotency interceptor: the interceptor then fingerprints the parsed command and
 * the files' hashes (a FileInterceptor would run after it and it would see no body), and the raw
 * input check (NUL, lone surrogates, depth, prototype keys) judges the payload as it judges JSON.
 * A JSON request passes through untouched.
 */
@Injectable()
export class MultipartCommandMiddleware implements NestMiddleware {
  private readonly parse: Handler;
  private readonly maxRequestBytes: number;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const fieldSize = bodyLimitBytes(config.bodyLimit);
    this.parse = multer({
      storage: multer.memoryStorage(),
      limits: {
        fileSize: config.attachmentMaxBytes,
        files: config.attachmentMaxCount,
        fields: 1,
        fieldSize,
      },
    }).array(FILES_FIELD);
    // Every file at its largest, the payload and generous room for the part headers.
    this.maxRequestBytes = config.attachmentMaxCount * config.attachmentMaxBytes + fieldSize + 64 * 1024;
  }

  use(req: MultipartRequest, res: Response, next: NextFunction): void {
    if (!req.is('multipart/form-data')) return next();
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > this.maxRequestBytes) {
      res.setHeader('Connection', 'close');
      return next(problem(413, 'body', 'maxSize', `larger than ${this.config.attachmentMaxCount} attachments can be`));
    }
    this.parse(req, res, (err?: unknown) => {
      if (err) return next(this.refusal(err));
      const fields = Object.keys((req.body ?? {}) as object);
      const unknown = fields.find((f) => f !== PAYLOAD_FIELD);
      if (unknown !== undefined)
        return next(problem(400, unknown, 'unknown_field', `unknown form field; send "${PAYLOAD_FIELD}" and "${FILES_FIELD}"`));
      const raw = (req.body as Record<string, unknown> | undefined)?.[PAYLOAD_FIELD];
      if (typeof raw !== 'string') return next(problem(400, PAYLOAD_FIELD, 'required', 'the command as JSON is required'));
      try {
        req.body = JSON.parse(raw) as unknown;
      } catch {
        return next(problem(400, PAYLOAD_FIELD, 'json', 'must be the command as JSON'));
      }
      req.attachmentFiles = (((req as { files?: unknown }).files as { buffer: Buffer }[] | undefined) ?? []).map((f) => ({
        buffer: f.buffer,
      }));
      checkRequestInput(req, res, next);
    });
  }

  private refusal(err: unknown): unknown {
    if (!(err instanceof multer.MulterError)) {
      // busboy's own: a body that is not well-formed multipart.
      return err instanceof Error && !(err instanceof HttpException)
        ? problem(400, 'body', 'multipart', 'not well-formed multipart/form-data')
        : err;
    }
    switch (err.code) {
      case 'LIMIT_FILE_SIZE':
        return problem(413, FILES_FIELD, 'size', `an attachment must be at most ${this.config.attachmentMaxBytes} bytes`);
      case 'LIMIT_FILE_COUNT':
        return problem(413, FILES_FIELD, 'count', `at most ${this.config.attachmentMaxCount} attachments`);
      case 'LIMIT_UNEXPECTED_FILE':
        return problem(400, err.field ?? 'body', 'unknown_field', `unknown file field; send files as "${FILES_FIELD}"`);
      case 'LIMIT_FIELD_VALUE':
        return problem(413, err.field ?? PAYLOAD_FIELD, 'maxSize', `larger than ${this.config.bodyLimit}`);
      default:
        return problem(400, err.field ?? 'body', 'multipart', `${err.message}; send "${PAYLOAD_FIELD}" once and "${FILES_FIELD}"`);
    }
  }
}

/**
 * Every other route reads JSON only. A multipart body there was never parsed, so it reached
 * validation empty and was refused field by field ("text: is required") though every field was sent.
 */
@Injectable()
export class RefuseMultipartMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    if (req.is('multipart/form-data')) {
      next(
        new UnsupportedMediaTypeException(
          'Content-Type: multipart/form-data is read only by the routes that take attachments (POST /api/petitions, :ref/comments, :id/respond); send application/json',
        ),
      );
      return;
    }
    next();
  }
}
