import { NotFoundError, isPetitionDomainError } from '@wenzheng/petition';
import type { ErrorMappers } from '../../http/error-mappers';
import { ConcurrencyConflictError } from '@wenzheng/command-runner';
import { canonicalRef } from './petition-ref';
import { participationErrorAnswer } from '../../consultations/shared/consultation-request';

/**
 * Domain errors carry their HTTP status; the filter maps them without knowing the rules. On a
 * citizen's route (`:ref`) a case not found — or one the caller has no proof for — answers exactly
 * as GET /api/petitions/:ref of an unknown ref: named as the caller named it, never by the id
 * behind a tracking code.
 */
export function registerPetitionErrorMappers(errors: ErrorMappers): void {
  errors.register((e, request) => {
    if (!isPetitionDomainError(e)) return undefined;
    const ref = e instanceof NotFoundError && typeof request?.params?.ref === 'string' ? canonicalRef(request.params.ref) : undefined;
    if (ref) return { status: 404, message: `petition ${ref} not found` };
    return participationErrorAnswer(isPetitionDomainError)(e);
  });
  errors.register((e) =>
    e instanceof ConcurrencyConflictError ? { status: 409, message: e.message, code: 'concurrency_conflict' } : undefined,
  );
}
