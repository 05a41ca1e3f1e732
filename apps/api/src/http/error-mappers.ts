import { Injectable, Module } from '@nestjs/common';
import type { Request } from 'express';
import type { FieldProblem } from './validation';

/** Anything that can map an error to an HTTP answer (domain errors register one); the request names what the caller asked for. */
/** rule: the stable name of the business rule that refused (a 409 rule_violation), for clients to tell refusals apart. */
/** details: a 400's field and rule, as the validation pipe names them (apps/api/src/http/validation.ts). */
export type ErrorMapper = (
  e: unknown,
  request?: Request,
) => { status: number; message: string; code?: string; rule?: string; details?: FieldProblem[] } | undefined;

/**
 * The error mappers of one application: a module whose errors carry their HTTP status registers
 * its mapper here when it starts, and the application's ErrorFilter asks them in that order.
 */
@Injectable()
export class ErrorMappers {
  private readonly mappers: ErrorMapper[] = [];

  register(mapper: ErrorMapper): void {
    this.mappers.push(mapper);
  }

  map(e: unknown, request?: Request): ReturnType<ErrorMapper> {
    for (const m of this.mappers) {
      const r = m(e, request);
      if (r) return r;
    }
    return undefined;
  }
}

/** Imported by each module that registers a mapper; Nest makes one ErrorMappers per application. */
@Module({ providers: [ErrorMappers], exports: [ErrorMappers] })
export class ErrorMappersModule {}
