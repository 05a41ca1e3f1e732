export type SurveyErrorCode = 'illegal_state' | 'forbidden' | 'rule_violation' | 'invalid_command' | 'not_found';

/**
 * Every refusal of decide is one of these; the HTTP layer maps `httpStatus` and `code` without
 * knowing the rules. Messages name the state, the rule or the field so they can be shown as is.
 */
export abstract class SurveyDomainError extends Error {
  abstract readonly code: SurveyErrorCode;
  abstract readonly httpStatus: number;

  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The command does not fit the survey's status (409). */
export class SurveyStateError extends SurveyDomainError {
  readonly code = 'illegal_state' as const;
  readonly httpStatus = 409;
  constructor(
    readonly action: string,
    readonly status: string,
  ) {
    super(`cannot ${action}: survey is ${status}`);
  }
}

/** Not staff of the owning department (403). */
export class SurveyForbiddenError extends SurveyDomainError {
  readonly code = 'forbidden' as const;
  readonly httpStatus = 403;
  constructor(message: string) {
    super(message);
  }
}

/** The status fits but a rule refuses the act (409); `rule` is a stable identifier. */
export class SurveyRuleError extends SurveyDomainError {
  readonly code = 'rule_violation' as const;
  readonly httpStatus = 409;
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** A field's value breaks a rule only the survey can check (400); `field` names it. */
export class InvalidSurveyCommandError extends SurveyDomainError {
  readonly code = 'invalid_command' as const;
  readonly httpStatus = 400;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** A command on a survey never published (404). */
export class SurveyNotFoundError extends SurveyDomainError {
  readonly code = 'not_found' as const;
  readonly httpStatus = 404;
  constructor(what: string, action: string) {
    super(`cannot ${action}: ${what} does not exist`);
  }
}

export const isSurveyDomainError = (e: unknown): e is SurveyDomainError => e instanceof SurveyDomainError;
