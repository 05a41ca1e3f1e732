import {
  ForbiddenError,
  IllegalStateError,
  InvalidCommandError,
  NotFoundError,
  PetitionDomainError,
  RuleViolationError,
  isPetitionDomainError,
} from './errors';
import { DEFAULT_POLICY, defaultPolicies } from './policy';
import { PETITION_KINDS } from './vocabulary';

describe('time-limit policy', () => {
  it('defaults to Wenzhou rules for every kind', () => {
    expect(DEFAULT_POLICY).toEqual({
      acknowledgeWithinWorkingDays: 1,
      respondWithinWorkingDays: 8,
      escalateAfterOverdueWorkingDays: 3,
      maxExtensionWorkingDays: 15,
      rateWithinWorkingDays: 5,
      maxReopens: 1,
      decideExtensionWithinWorkingDays: 1,
      callbackAttempts: 3,
      supplyInformationWithinWorkingDays: 5,
      commentWithinDaysAfterClose: 30,
      reviewWithinWorkingHours: 24,
      assistWithinWorkingDays: 5,
    });
    const policies = defaultPolicies();
    expect(Object.keys(policies).sort()).toEqual([...PETITION_KINDS].sort());
    for (const kind of PETITION_KINDS) expect(policies[kind]).toEqual(DEFAULT_POLICY);
  });

  it('takes per-kind overrides', () => {
    const policies = defaultPolicies({ consultation: { respondWithinWorkingDays: 4 } });
    expect(policies.consultation).toEqual({ ...DEFAULT_POLICY, respondWithinWorkingDays: 4 });
    expect(policies.complaint).toEqual(DEFAULT_POLICY);
  });
});

describe('domain errors', () => {
  it.each([
    [
      new IllegalStateError('respond', 'dispatched', 'acknowledge first'),
      'illegal_state',
      409,
      'cannot respond: petition is dispatched (acknowledge first)',
    ],
    [
      new ForbiddenError('cannot rate: only the submitter may rate the answer'),
      'forbidden',
      403,
      'cannot rate: only the submitter may rate the answer',
    ],
    [new RuleViolationError('max_reopens', 'cannot reopen: maximum reached'), 'rule_violation', 409, 'cannot reopen: maximum reached'],
    [
      new InvalidCommandError('requestedRespondBy', 'afterCurrent', 'must be after the current respondBy'),
      'invalid_command',
      400,
      'requestedRespondBy: must be after the current respondBy',
    ],
    [new NotFoundError('p-1', 'review'), 'not_found', 404, 'cannot review: petition p-1 does not exist'],
  ] as const)('%p has a stable code and HTTP status', (error, code, httpStatus, message) => {
    expect(error).toBeInstanceOf(PetitionDomainError);
    expect(error).toBeInstanceOf(Error);
    expect(isPetitionDomainError(error)).toBe(true);
    expect(error).toMatchObject({ code, httpStatus, message, name: error.constructor.name });
  });

  it('carries the machine-readable details', () => {
    expect(new IllegalStateError('respond', 'dispatched')).toMatchObject({ action: 'respond', status: 'dispatched' });
    expect(new RuleViolationError('extension_pending', 'x').rule).toBe('extension_pending');
    expect(new InvalidCommandError('reason', 'required', 'is required')).toMatchObject({ field: 'reason', rule: 'required' });
    expect(isPetitionDomainError(new Error('x'))).toBe(false);
  });
});
