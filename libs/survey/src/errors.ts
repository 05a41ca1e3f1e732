import { type DomainError, domainErrors } from '@wenzheng/domain-kernel';

// The survey decider's refusals: the kinds of @wenzheng/domain-kernel (each with its code and
// HTTP status) under the survey's names.
const survey = domainErrors('survey');

export type SurveyDomainError = DomainError & { readonly aggregate: 'survey' };
/** The command does not fit the survey's status (409). */
export class SurveyStateError extends survey.StateError {}
/** Not staff of the owning department (403). */
export class SurveyForbiddenError extends survey.ForbiddenError {}
/** The status fits but a rule refuses the act (409); `rule` is a stable identifier. */
export class SurveyRuleError extends survey.RuleError {}
/** A field's value breaks a rule only the survey can check (400); `field` names it. */
export class InvalidSurveyCommandError extends survey.InvalidCommandError {}
/** A command on a survey never published (404). */
export class SurveyNotFoundError extends survey.NotFoundError {}
export const isSurveyDomainError = survey.is;
