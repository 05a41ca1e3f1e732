export type DomainErrorCode = 'illegal_state' | 'forbidden' | 'rule_violation' | 'invalid_command' | 'not_found';

/**
 * Every refusal of a decider (consultation, interview, survey) is one of these; the HTTP layer maps
 * `httpStatus` and `code` without knowing the rules. Messages name the state, the rule or the field
 * so they can be shown as is. `aggregate` says whose decider refused, so each library's predicate
 * (`isSurveyDomainError`) recognises its own refusals and no other's.
 */
export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  abstract readonly httpStatus: number;

  protected constructor(
    readonly aggregate: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The predicate of one aggregate's refusals. */
export const isDomainErrorOf =
  <A extends string>(aggregate: A) =>
  (e: unknown): e is DomainError & { readonly aggregate: A } =>
    e instanceof DomainError && e.aggregate === aggregate;

/**
 * The five kinds of refusal bound to one aggregate, to extend under the aggregate's own class
 * names (a refusal's `name` is its class's: `SurveyStateError`), and their predicate.
 */
export function domainErrors<A extends string>(aggregate: A) {
  return {
    /** The command does not fit the aggregate's status (409). */
    StateError: class extends DomainError {
      readonly code = 'illegal_state' as const;
      readonly httpStatus = 409;
      constructor(
        readonly action: string,
        readonly status: string,
      ) {
        super(aggregate, `cannot ${action}: ${aggregate} is ${status}`);
      }
    },
    /** The actor may not do this (403). */
    ForbiddenError: class extends DomainError {
      readonly code = 'forbidden' as const;
      readonly httpStatus = 403;
      constructor(message: string) {
        super(aggregate, message);
      }
    },
    /** The status fits but a rule refuses the act (409); `rule` is a stable identifier. */
    RuleError: class extends DomainError {
      readonly code = 'rule_violation' as const;
      readonly httpStatus = 409;
      constructor(
        readonly rule: string,
        message: string,
      ) {
        super(aggregate, message);
      }
    },
    /** A field's value breaks a rule only the aggregate can check (400); `field` names it, `rule` is the rule's stable name. */
    InvalidCommandError: class extends DomainError {
      readonly code = 'invalid_command' as const;
      readonly httpStatus = 400;
      constructor(
        readonly field: string,
        readonly rule: string,
        message: string,
      ) {
        super(aggregate, `${field}: ${message}`);
      }
    },
    /** A command on something that does not exist (404). */
    NotFoundError: class extends DomainError {
      readonly code = 'not_found' as const;
      readonly httpStatus = 404;
      constructor(what: string, action: string) {
        super(aggregate, `cannot ${action}: ${what} does not exist`);
      }
    },
    is: isDomainErrorOf(aggregate),
  };
}
