import { ApiResponse } from '@nestjs/swagger';

export const EXAMPLE_PETITION_ID = '0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e';

const typeOf = (value: unknown) => (typeof value === 'number' ? 'integer' : typeof value);

/**
 * The answer of a command, `{ id, revision, ...details }`, documented with an example: `details`
 * are the example values of what the command adds (their types are read from them).
 */
export const ApiCommandResponse = (details: Record<string, string | number | boolean> = {}, status = 200) =>
  ApiResponse({
    status,
    description: 'the case, the revision of its stream after the command, and what the command set',
    schema: {
      type: 'object',
      required: ['id', 'revision'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        revision: { type: 'integer', description: 'the revision of the case stream after the command' },
        ...Object.fromEntries(Object.entries(details).map(([name, value]) => [name, { type: typeOf(value) }])),
      },
      example: { id: EXAMPLE_PETITION_ID, revision: 4, ...details },
    },
  });
