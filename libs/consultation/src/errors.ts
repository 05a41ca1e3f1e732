import { type DomainError, domainErrors } from '@wenzheng/domain-kernel';

// The consultation decider's refusals: the kinds of @wenzheng/domain-kernel (each with its code
// and HTTP status) under the consultation's names.
const consultation = domainErrors('consultation');

export type ConsultationDomainError = DomainError & { readonly aggregate: 'consultation' };
/** The command does not fit the consultation's status (409). */
export class ConsultationStateError extends consultation.StateError {}
/** Not staff of the owning department (403). */
export class ConsultationForbiddenError extends consultation.ForbiddenError {}
/** The status fits but a rule refuses the act (409); `rule` is a stable identifier. */
export class ConsultationRuleError extends consultation.RuleError {}
/** A field's value breaks a rule only the consultation can check (400); `field` names it. */
export class InvalidConsultationCommandError extends consultation.InvalidCommandError {}
/** A command on a consultation never published, or on an opinion it does not have (404). */
export class ConsultationNotFoundError extends consultation.NotFoundError {}
export const isConsultationDomainError = consultation.is;
