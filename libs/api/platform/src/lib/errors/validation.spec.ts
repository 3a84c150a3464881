import type { ValidationError } from '@nestjs/common';
import { flattenValidationErrors } from './validation';

function error(
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return { property, constraints, children } as ValidationError;
}

describe('flattenValidationErrors', () => {
  it('names nested fields as JSON paths with 0-based indexes and drops the repeated property name', () => {
    const errors = [
      error('dosing', undefined, [
        error('vitals', undefined, [
          error('0', undefined, [error('systolic', { max: 'systolic must not be greater than 300' })]),
        ]),
      ]),
      error('ownerId', { whitelistValidation: 'property ownerId should not exist' }),
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'dosing.vitals[0].systolic', problem: 'must not be greater than 300' },
      { field: 'ownerId', problem: 'is not a field this request accepts' },
    ]);
  });
});
