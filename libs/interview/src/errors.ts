export type InterviewErrorCode = 'illegal_state' | 'forbidden' | 'rule_violation' | 'invalid_command' | 'not_found';

/**
 * Every refusal of decide is one of these; the HTTP layer maps `httpStatus` and `code` without
 * knowing the rules. Messages name the state, the rule or the field so they can be shown as is.
 */
export abstract class InterviewDomainError extends Error {
  abstract readonly code: InterviewErrorCode;
  abstract readonly httpStatus: number;

  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The command does not fit the interview's status (409): a question to an ended interview. */
export class InterviewStateError extends InterviewDomainError {
  readonly code = 'illegal_state' as const;
  readonly httpStatus = 409;
  constructor(action: string, status: string) {
    super(`cannot ${action}: interview is ${status}`);
  }
}

/** Not staff of the department that runs the interview (403). */
export class InterviewForbiddenError extends InterviewDomainError {
  readonly code = 'forbidden' as const;
  readonly httpStatus = 403;
  constructor(action: string, who: string) {
    super(`cannot ${action}: only ${who}`);
  }
}

/** The status fits but a rule refuses the act (409); `rule` is a stable identifier. */
export class InterviewRuleError extends InterviewDomainError {
  readonly code = 'rule_violation' as const;
  readonly httpStatus = 409;
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** A field's value breaks a rule only the interview can check (400); `field` names it. */
export class InvalidInterviewCommandError extends InterviewDomainError {
  readonly code = 'invalid_command' as const;
  readonly httpStatus = 400;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** A command on an interview never scheduled, or on a question it does not have (404). */
export class InterviewNotFoundError extends InterviewDomainError {
  readonly code = 'not_found' as const;
  readonly httpStatus = 404;
  constructor(what: string, action: string) {
    super(`cannot ${action}: ${what} does not exist`);
  }
}

export const isInterviewDomainError = (e: unknown): e is InterviewDomainError => e instanceof InterviewDomainError;
