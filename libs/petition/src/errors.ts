import { DomainError, type DomainErrorCode } from '@wenzheng/domain-kernel';
import { PetitionStatus } from './vocabulary';

export type PetitionErrorCode = DomainErrorCode;

/**
 * Every refusal of decide is one of these: a @wenzheng/domain-kernel DomainError of the aggregate
 * `petition`, so the HTTP layer maps `httpStatus` and `code` as it does the participation deciders'
 * without knowing the rules. Messages name the state, the rule or the field so they can be shown as is.
 */
export abstract class PetitionDomainError extends DomainError {
  declare readonly aggregate: 'petition';

  protected constructor(message: string) {
    super('petition', message);
  }
}

/** The command does not fit the case's current status (409). */
export class IllegalStateError extends PetitionDomainError {
  readonly code = 'illegal_state' as const;
  readonly httpStatus = 409;

  constructor(
    readonly action: string,
    readonly status: PetitionStatus,
    hint?: string,
  ) {
    super(`cannot ${action}: petition is ${status}${hint ? ` (${hint})` : ''}`);
  }
}

/** Wrong role, wrong department, or not the submitter (403). */
export class ForbiddenError extends PetitionDomainError {
  readonly code = 'forbidden' as const;
  readonly httpStatus = 403;

  constructor(message: string) {
    super(message);
  }
}

/** The status fits but a business rule refuses the act (409); `rule` is a stable identifier. */
export class RuleViolationError extends PetitionDomainError {
  readonly code = 'rule_violation' as const;
  readonly httpStatus = 409;

  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The citizen's personal data was erased (409): their name is no longer known to redact new text
 * that names them, so the case takes no more ratings or comments (docs/security.md, "Erasure").
 */
export class PersonalDataErasedError extends RuleViolationError {
  constructor() {
    super('personal_data_erased', 'personal data of this case was erased: it takes no more ratings or comments');
  }
}

/** A field's value breaks a rule that only the case can check (400); `field` names it, `rule` is the rule's stable name. */
export class InvalidCommandError extends PetitionDomainError {
  readonly code = 'invalid_command' as const;
  readonly httpStatus = 400;

  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** A command other than SubmitPetition on a case that was never submitted (404). */
export class NotFoundError extends PetitionDomainError {
  readonly code = 'not_found' as const;
  readonly httpStatus = 404;

  constructor(
    readonly petitionId: string,
    action: string,
  ) {
    super(`cannot ${action}: petition ${petitionId} does not exist`);
  }
}

export const isPetitionDomainError = (error: unknown): error is PetitionDomainError => error instanceof PetitionDomainError;
