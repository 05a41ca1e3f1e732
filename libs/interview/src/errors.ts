import { type DomainError, domainErrors } from '@wenzheng/domain-kernel';

// The interview decider's refusals: the kinds of @wenzheng/domain-kernel (each with its code and
// HTTP status) under the interview's names.
const interview = domainErrors('interview');

export type InterviewDomainError = DomainError & { readonly aggregate: 'interview' };
/** The command does not fit the interview's status (409): a question to an ended interview. */
export class InterviewStateError extends interview.StateError {}
/** Not staff of the department that runs the interview (403). */
export class InterviewForbiddenError extends interview.ForbiddenError {
  constructor(action: string, who: string) {
    super(`cannot ${action}: only ${who}`);
  }
}
/** The status fits but a rule refuses the act (409); `rule` is a stable identifier. */
export class InterviewRuleError extends interview.RuleError {}
/** A field's value breaks a rule only the interview can check (400); `field` names it. */
export class InvalidInterviewCommandError extends interview.InvalidCommandError {}
/** A command on an interview never scheduled, or on a question it does not have (404). */
export class InterviewNotFoundError extends interview.NotFoundError {}
export const isInterviewDomainError = interview.is;
