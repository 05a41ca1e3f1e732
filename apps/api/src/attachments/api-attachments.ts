import { Type, applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { ALLOWED_ATTACHMENT_TYPES } from '@wenzheng/blob-store';
import { FILES_FIELD } from './attachment-store';
import { PAYLOAD_FIELD } from './multipart-command.middleware';

/**
 * The route also takes multipart/form-data: the JSON body of the route in `payload`, files in
 * `files`. An extension rather than a second request-body schema, so the typed web client of the
 * JSON body stays as it is.
 */
export const ApiAttachments = (dto: Type) =>
  applyDecorators(
    ApiExtension('x-attachments', {
      contentType: 'multipart/form-data',
      payloadField: PAYLOAD_FIELD,
      payloadSchema: dto.name,
      filesField: FILES_FIELD,
      accepted: ALLOWED_ATTACHMENT_TYPES,
      limits: 'ATTACHMENT_MAX_BYTES each (413), ATTACHMENT_MAX_COUNT per request (413); type from the bytes (415)',
    }),
  );
