import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { IntegrityReport, IntegrityVerifier } from './integrity-verifier';
import { VerifyIntegrityQuery } from './verify-integrity.query';

@QueryHandler(VerifyIntegrityQuery)
export class VerifyIntegrityHandler implements IQueryHandler<VerifyIntegrityQuery, IntegrityReport> {
  constructor(private readonly verifier: IntegrityVerifier) {}

  execute(): Promise<IntegrityReport> {
    return this.verifier.verifyAll();
  }
}
