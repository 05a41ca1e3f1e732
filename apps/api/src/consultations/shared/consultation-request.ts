import { BadRequestException, PipeTransform } from '@nestjs/common';
import { isConsultationDomainError } from '@wenzheng/consultation';
import type { Role } from '@wenzheng/petition';
import type { ErrorMappers } from '../../http/error-mappers';
import { isUuid } from '../../petitions/shared/command-request';

/** Who runs a consultation: staff of the owning department; an administrator stands in (no new role). */
export const CONSULTATION_STAFF: Role[] = ['handler', 'admin'];

/** A UUID route parameter, else 400 naming it. */
export class UuidParam implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}
  transform(value: string): string {
    if (!isUuid(value)) throw new BadRequestException(`${this.name}: must be a UUID`);
    return value.toLowerCase();
  }
}

/** Domain errors carry their HTTP status; the filter maps them without knowing the rules. */
export function registerConsultationErrorMapper(errors: ErrorMappers): void {
  errors.register((e) => (isConsultationDomainError(e) ? { status: e.httpStatus, message: e.message, code: e.code } : undefined));
}
