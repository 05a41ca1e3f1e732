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
  it('says a missing required field is required instead of every rule its value would break; the rules stay in the details', async () => {
    const r = await problemsOf({ outcome: 'rejected' });
    expect(r.message).toBe('reason: is required');
    expect(r.details[0]).toEqual({ field: 'reason', rule: 'required', message: 'reason: is required' });
    expect(r.details.map((p) => p.rule)).toEqual(expect.arrayContaining(['isString', 'isLength']));
  });

  it('still names every rule a value that is present breaks', async () => {
    const r = await problemsOf({ outcome: 'rejected', reason: 'x' });
    expect(r.details).toEqual([{ field: 'reason', rule: 'isLength', message: 'reason: must be longer than or equal to 2 characters' }]);
    const unknown = await problemsOf({ outcome: 'accepted', extra: 1 });
    expect(unknown.details).toEqual([{ field: 'extra', rule: 'unknown_field', message: 'extra: unknown field' }]);
  });
});
