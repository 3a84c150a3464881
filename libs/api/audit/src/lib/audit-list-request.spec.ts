import { isDayOrInstant } from './audit-list-request';

describe('isDayOrInstant', () => {
  it.each([
    ['2026-11-25', true],
    ['2026-11-25T14:00:00Z', true],
    ['2026-11-25T14:00+01:00', true],
    ['2026-11-25T14:00:00.123456-05:00', true],
    ['2026-02-30', false],
    ['2026-02-30T10:00:00Z', false],
    ['2026-11-25T14:00:00', false],
    ['25.11.2026', false],
    ['', false],
    [20261125, false],
    [null, false],
  ])('%p → %p', (value, expected) => {
    expect(isDayOrInstant(value)).toBe(expected);
  });
});
