import { isPetitionDomainError } from '@wenzheng/petition';
import { registerErrorMapper } from '../../http/error.filter';
import { ConcurrencyConflictError } from './petition-command-runner';

/** Domain errors carry their HTTP status; the filter maps them without knowing the rules. */
export function registerPetitionErrorMappers(): void {
  registerErrorMapper((e) => (isPetitionDomainError(e) ? { status: e.httpStatus, message: e.message, code: e.code } : undefined));
  registerErrorMapper((e) => (e instanceof ConcurrencyConflictError ? { status: 409, message: e.message, code: 'concurrency_conflict' } : undefined));
}
