import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { isPetitionDomainError } from '@wenzheng/petition';

/** GeoReport v2's error shape, `[{ code, description }]`, for every error on /open311/v2 (never a stack or personal data). */
@Catch()
export class Open311ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('open311');

  catch(e: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const { code, description } = this.describe(e);
    res.status(code).json([{ code, description }]);
  }

  private describe(e: unknown): { code: number; description: string } {
    if (e instanceof HttpException) {
      const body = e.getResponse();
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      return { code: e.getStatus(), description: Array.isArray(message) ? message.join('; ') : String(message ?? e.message) };
    }
    if (isPetitionDomainError(e)) return { code: e.httpStatus, description: e.message };
    const status = (e as { status?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) return { code: status, description: 'request refused' };
    this.logger.error(`unexpected ${e instanceof Error ? e.name : typeof e}`);
    return { code: 500, description: 'internal error' };
  }
}
