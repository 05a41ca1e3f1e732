import { ApiResponse } from '@nestjs/swagger';

export const EXAMPLE_PETITION_ID = '0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e';

/** `attachmentIds` of the routes that take files. */
export const ATTACHMENT_IDS_EXAMPLE = ['9a8b7c6d-5e4f-8a3b-9c2d-1e0f9a8b7c6d'];
export const ATTACHMENT_IDS_DESCRIPTION =
  'the ids of the attachments stored with this command, in the order sent (the :attachmentId of the attachment routes); [] without files';

type Example = string | number | boolean | readonly string[];

const schemaOf = (value: Example, description?: string) => ({
  ...(Array.isArray(value) ? { type: 'array', items: { type: 'string' } } : { type: typeof value === 'number' ? 'integer' : typeof value }),
  ...(description && { description }),
});

/**
 * The answer of a command, `{ id, revision, ...details }`, documented with an example: `details`
 * are the example values of what the command adds (their types are read from them), `descriptions`
 * say what some of them mean.
 */
export const ApiCommandResponse = (details: Record<string, Example> = {}, status = 200, descriptions: Record<string, string> = {}) =>
  ApiResponse({
    status,
    description: 'the case, the revision of its stream after the command, and what the command set',
    schema: {
      type: 'object',
      required: ['id', 'revision'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        revision: { type: 'integer', description: 'the revision of the case stream after the command' },
        ...Object.fromEntries(Object.entries(details).map(([name, value]) => [name, schemaOf(value, descriptions[name])])),
      },
      example: { id: EXAMPLE_PETITION_ID, revision: 4, ...details },
    },
  });
