import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isCalendarDate } from '@kap/shared/domain';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** A real calendar date written `YYYY-MM-DD` (so `2025-02-30` is refused, not rolled over). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => isCalendarDate(value),
        defaultMessage: () => 'must be a real date written YYYY-MM-DD, like 1984-03-07',
      },
    },
    options,
  );
}

/**
 * An ISO-8601 instant with its offset (`2026-11-25T14:00:00.000Z`, `...+01:00`). A time without
 * an offset is refused: the server cannot know which clock it was read from.
 */
export function IsTimestamp(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTimestamp',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || !TIMESTAMP.test(value) || Number.isNaN(Date.parse(value)))
            return false;
          return isCalendarDate(value.slice(0, 10));
        },
        defaultMessage: () => 'must be a date and time with its offset, like 2026-11-25T14:00:00Z',
      },
    },
    options,
  );
}
