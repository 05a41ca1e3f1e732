import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, badInput, badInputs } from '@wenzheng/platform';

export { badInput, badInputs };
export type { FieldProblem };

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule: rule === 'whitelistValidation' ? 'unknown_field' : rule,
      message:
        rule === 'whitelistValidation' ? `${field}: unknown field` : `${field}: ${message.replace(new RegExp(`^${e.property} `), '')}`,
    }));
    // An absent field breaks every rule of its value ("must not contain control characters"…), which
    // says nothing to whoever left it out: one problem, that it is required.
    const absent = e.value === undefined && own.length > 0 && !own.some((p) => p.rule === 'unknown_field');
    return [...(absent ? [{ field, rule: 'required', message: `${field}: is required` }] : own), ...flatten(e.children ?? [], field)];
  });
}

/** 400 naming every field and rule; unknown fields refused; nothing reaches a handler. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: true }, // the value only tells absent from wrong; it is never echoed
    exceptionFactory: (errors) => {
      return badInputs(flatten(errors));
    },
  });
}
