import { PipeTransform } from '@nestjs/common';
import { isConsultationDomainError } from '@wenzheng/consultation';
import type { Role } from '@wenzheng/petition';
import type { DomainError } from '@wenzheng/domain-kernel';
import type { ErrorMapper, ErrorMappers } from '../../http/error-mappers';
import { isUuid } from '../../petitions/shared/command-request';
import { badInput } from '../../http/validation';

/** Who runs a consultation: staff of the owning department; an administrator stands in (no new role). */
export const CONSULTATION_STAFF: Role[] = ['handler', 'admin'];

/** A UUID route parameter, else 400 naming it. */
export class UuidParam implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}
  transform(value: string): string {
    if (!isUuid(value)) throw badInput(this.name, 'isUuid', 'must be a UUID');
    return value.toLowerCase();
  }
}

/**
 * The HTTP answer of a decider's refusal (petition, consultation, survey, interview: each a
 * DomainError): its status, message and code, and for a 409 the rule's stable name, so a client
 * tells `already_responded` from `outside_period` without reading the message.
 */
export function participationErrorAnswer(is: (e: unknown) => e is DomainError): ErrorMapper {
  return (e) => {
    if (!is(e)) return undefined;
    const { rule, field } = e as { rule?: unknown; field?: unknown };
    // A field's value refused (400): named with its rule as the validation pipe names a problem.
    if (e.httpStatus === 400 && typeof field === 'string' && typeof rule === 'string')
      return { status: 400, message: e.message, code: e.code, details: [{ field, rule, message: e.message }] };
    return { status: e.httpStatus, message: e.message, code: e.code, ...(typeof rule === 'string' && { rule }) };
  };
}

/** Domain errors carry their HTTP status; the filter maps them without knowing the rules. */
export function registerConsultationErrorMapper(errors: ErrorMappers): void {
  errors.register(participationErrorAnswer(isConsultationDomainError));
}
