import {
  ValidationPipe,
  type ArgumentMetadata,
  type PipeTransform,
  type ValidationError,
} from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { ValidationFailed, type FieldProblem } from '@kap/shared/domain';

/** A person acts on a few problems at a time; an unbounded list only costs time and bandwidth. */
export const MAX_REPORTED_PROBLEMS = 20;
/** More unknown fields than this is not a typo: refused with one problem before any validation. */
export const MAX_UNKNOWN_FIELDS = 20;

/**
 * Refuses a body whose top level carries many fields the DTO does not declare, in one pass over
 * its keys and before any other pipe walks it. Validating them one by one (a ValidationError each,
 * then a problem each) took seconds and megabytes for a 1 MiB body of unknown keys (issue 22,
 * finding 1).
 */
const PLAIN_TYPES = new Set<unknown>([Object, Array, String, Number, Boolean]);

export class UnknownFieldsPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const dto = metadata.metatype;
    // Only a DTO class declares its fields; a plain `object` body has nothing to compare against.
    if (
      metadata.type !== 'body' ||
      !dto ||
      PLAIN_TYPES.has(dto) ||
      !value ||
      typeof value !== 'object' ||
      Array.isArray(value)
    ) {
      return value;
    }
    const keys = Object.keys(value);
    if (keys.length <= MAX_UNKNOWN_FIELDS) return value;
    const known = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(dto, '', false, false)
        .map((rule) => rule.propertyName),
    );
    let unknown = 0;
    for (const key of keys) if (!known.has(key)) unknown++;
    if (unknown > MAX_UNKNOWN_FIELDS) {
      throw new ValidationFailed([
        { field: '(body)', problem: `has ${unknown} fields this request does not accept` },
      ]);
    }
    return value;
  }
}

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
    exceptionFactory: (errors) => {
      const problems = flattenValidationErrors(errors);
      // The message still counts them all; the details stop at what a person can act on.
      return new ValidationFailed(problems.slice(0, MAX_REPORTED_PROBLEMS), describeCount(problems));
    },
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
      problems.push({
        field,
        problem:
          rule === 'whitelistValidation'
            ? 'is not a field this request accepts'
            : stripProperty(text, error.property),
      });
    }
    if (error.children?.length) problems.push(...flattenValidationErrors(error.children, field));
  }
  return problems;
}

/** class-validator starts messages with the property name; the field is already named. */
function stripProperty(text: string, property: string): string {
  return text.startsWith(`${property} `) ? text.slice(property.length + 1) : text;
}

function describeCount(problems: FieldProblem[]): string {
  if (problems.length === 0) return 'The request is not valid.';
  const first = `${problems[0].field}: ${problems[0].problem}`;
  return problems.length === 1
    ? `Please correct ${first}.`
    : `Please correct ${first} (and ${problems.length - 1} more).`;
}
