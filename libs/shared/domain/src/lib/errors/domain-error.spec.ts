import { DomainError, ERROR_CODES, NotFound, TooManyAttempts, ValidationFailed } from './domain-error';

describe('DomainError vocabulary', () => {
  it.each([
    [
      [{ field: 'items[3]', problem: 'must be a whole number from 0 to 3' }],
      'Please correct items[3]: must be a whole number from 0 to 3.',
    ],
    [
      [
        { field: 'email', problem: 'must be an email address' },
        { field: 'role', problem: 'must be therapist or practice_admin in this organization' },
      ],
      'Please correct email: must be an email address (and 1 more).',
    ],
    [[], 'The request is not valid.'],
  ])('words validation problems for a person: %p', (details, message) => {
    const error = new ValidationFailed(details);
    expect(error.message).toBe(message);
    expect(error.code).toBe('validation_failed');
    expect(error.details).toBe(details);
  });

  it('says the same thing for every missing or hidden record', () => {
    expect(new NotFound().message).toBe(new NotFound().message);
    expect(new NotFound().code).toBe('not_found');
  });

  it('carries the throttle wait for the Retry-After header, not in the sentence', () => {
    const error = new TooManyAttempts(61);
    expect(error.retryAfterSeconds).toBe(61);
    expect(error.message).toBe('Too many sign-in attempts.');
  });

  it('keeps every code unique and snake_case (they are part of the API contract)', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(new DomainError('conflict', 'x')).toBeInstanceOf(Error);
  });
});
