import { Query } from '@nestjs/cqrs';
import type { IntegrityReport } from './integrity-verifier';

export class VerifyIntegrityQuery extends Query<IntegrityReport> {}
