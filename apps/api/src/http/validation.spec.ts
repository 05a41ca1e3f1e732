import { describe, expect, it } from '@jest/globals';
import { BadRequestException } from '@nestjs/common';
import { ReviewPetitionDto } from '../petitions/review-petition/review-petition.controller';
import { createValidationPipe } from './validation';

async function problemsOf(body: unknown): Promise<{ message: string; details: { field: string; rule: string }[] }> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: ReviewPetitionDto });
  } catch (e) {
    return (e as BadRequestException).getResponse() as { message: string; details: { field: string; rule: string }[] };
  }
  throw new Error('expected a 400');
}

describe('the 400 of the validation pipe', () => {
  it('says a missing required field is required: one problem, not every rule its value would break', async () => {
    const r = await problemsOf({ outcome: 'rejected' });
    expect(r.message).toBe('reason: is required');
    expect(r.details).toEqual([{ field: 'reason', rule: 'required', message: 'reason: is required' }]);
  });

  it('tells a tracking code given as duplicateOf from any other non-UUID', async () => {
    const code = await problemsOf({ outcome: 'duplicate', reason: '重复件', duplicateOf: 'wz20261201-GA8B5YV08C' });
    expect(code.message).toBe('duplicateOf: must be the case id (a UUID), not the tracking code');
    const other = await problemsOf({ outcome: 'duplicate', reason: '重复件', duplicateOf: '42' });
    expect(other.message).toBe('duplicateOf: must be a UUID');
  });

  it('still names every rule a value that is present breaks', async () => {
    const r = await problemsOf({ outcome: 'rejected', reason: 'x' });
    expect(r.details).toEqual([{ field: 'reason', rule: 'isLength', message: 'reason: must be longer than or equal to 2 characters' }]);
    const unknown = await problemsOf({ outcome: 'accepted', extra: 1 });
    expect(unknown.details).toEqual([{ field: 'extra', rule: 'unknown_field', message: 'extra: unknown field' }]);
  });
});
