import { ValidateIf } from 'class-validator';

/**
 * For partial updates: the field may be left out, but when sent it is validated, `null` included,
 * so a required column can never be cleared (`@IsOptional()` would let `null` through).
 */
export function IfPresent(): PropertyDecorator {
  return ValidateIf((_: object, value: unknown) => value !== undefined);
}

/**
 * One named rule made of several validation decorators, written in the order they would be stacked
 * on the field, so a create body and its partial update share the rule instead of repeating it
 * (and report their problems in the same order as the stacked decorators did).
 */
export function FieldRules(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => {
    for (const decorator of [...decorators].reverse()) decorator(target, property);
  };
}
