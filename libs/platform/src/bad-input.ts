import { BadRequestException } from '@nestjs/common';

/** One problem of a 400: the field at fault, the rule it breaks (stable, what a client tells it by) and the text. */
export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

/**
 * A 400 for one field that breaks one rule, shaped as the validation pipe's: `message` is
 * `field: text`, and `details` names the field and the rule, so a client tells problems apart by
 * the rule (and says them in its own language), never by matching the English text. Here rather than
 * in the API so that the services it calls (reference data, mailboxes, districts) answer the same.
 */
export function badInput(field: string, rule: string, text: string): BadRequestException {
  const message = `${field}: ${text}`;
  return badInputs([{ field, rule, message }]);
}

/** The 400 of several problems (the validation pipe's, a renamed one's): their messages joined by `; `, each in `details`. */
export function badInputs(problems: FieldProblem[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: problems.map((p) => p.message).join('; '),
    details: problems,
  });
}
