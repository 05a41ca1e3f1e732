export type ConsultationErrorCode = 'illegal_state' | 'forbidden' | 'rule_violation' | 'invalid_command' | 'not_found';

/**
 * Every refusal of decide is one of these; the HTTP layer maps `httpStatus` and `code` without
 * knowing the rules. Messages name the state, the rule or the field so they can be shown as is.
 */
export abstract class ConsultationDomainError extends Error {
  abstract readonly code: ConsultationErrorCode;
  abstract readonly httpStatus: number;

  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The command does not fit the consultation's status (409). */
export class ConsultationStateError extends ConsultationDomainError {
  readonly code = 'illegal_state' as const;
  readonly httpStatus = 409;
  constructor(
    readonly action: string,
    readonly status: string,
  ) {
    super(`cannot ${action}: consultation is ${status}`);
  }
}

/** Not staff of the owning department (403). */
export class ConsultationForbiddenError extends ConsultationDomainError {
  readonly code = 'forbidden' as const;
  readonly httpStatus = 403;
  constructor(message: string) {
    super(message);
  }
}

/** The status fits but a rule refuses the act (409); `rule` is a stable identifier. */
export class ConsultationRuleError extends ConsultationDomainError {
  readonly code = 'rule_violation' as const;
  readonly httpStatus = 409;
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** A field's value breaks a rule only the consultation can check (400); `field` names it. */
export class InvalidConsultationCommandError extends ConsultationDomainError {
  readonly code = 'invalid_command' as const;
  readonly httpStatus = 400;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** A command on a consultation never published, or on an opinion it does not have (404). */
export class ConsultationNotFoundError extends ConsultationDomainError {
  readonly code = 'not_found' as const;
  readonly httpStatus = 404;
  constructor(what: string, action: string) {
    super(`cannot ${action}: ${what} does not exist`);
  }
}

export const isConsultationDomainError = (e: unknown): e is ConsultationDomainError => e instanceof ConsultationDomainError;
