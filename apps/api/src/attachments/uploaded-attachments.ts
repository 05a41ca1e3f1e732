import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { UploadedBytes } from './attachment-store';
import type { MultipartRequest } from './multipart-command.middleware';

/** The files of a multipart command (none for a JSON one), as MultipartCommandMiddleware parsed them. */
export const UploadedAttachments = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): UploadedBytes[] | undefined => ctx.switchToHttp().getRequest<MultipartRequest>().attachmentFiles,
);
