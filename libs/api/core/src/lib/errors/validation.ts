import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidationFailed, type FieldProblem } from '@kap/shared/domain';

/**
 * The global pipe: unknown fields are refused (no mass assignment), bodies become DTO instances,
 * and every problem is reported as `{ field, problem }` with a JSON path and a sentence.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    // One problem per field is what a person can act on; the rest follow once it is fixed.
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailed(flattenValidationErrors(errors)),
  });
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    for (const [rule, text] of Object.entries(error.constraints ?? {})) {
      problems.push({ field, problem: rule === 'whitelistValidation' ? 'is not a field this request accepts' : stripProperty(text, error.property) });
    }
    if (error.children?.length) problems.push(...flattenValidationErrors(error.children, field));
  }
  return problems;
}

/** class-validator starts messages with the property name; the field is already named. */
function stripProperty(text: string, property: string): string {
  return text.startsWith(`${property} `) ? text.slice(property.length + 1) : text;
}
