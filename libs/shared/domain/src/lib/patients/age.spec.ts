import { ageOn } from './age';

describe('ageOn', () => {
  it.each([
    ['1990-11-25', '2026-11-25', 36, 'birthday today'],
    ['1990-11-26', '2026-11-25', 35, 'birthday tomorrow'],
    ['1990-12-01', '2026-11-25', 35, 'birthday next month'],
    ['1990-01-31', '2026-11-25', 36, 'birthday earlier in the year'],
    ['2000-02-29', '2026-02-28', 25, 'leap-day birth, day before 1 March'],
    ['2000-02-29', '2026-03-01', 26, 'leap-day birth, 1 March'],
    ['2000-02-29', '2028-02-29', 28, 'leap-day birth on a leap day'],
    ['2026-11-25', '2026-11-25', 0, 'born today'],
  ])('born %s, on %s: %i (%s)', (dateOfBirth, today, age) => {
    expect(ageOn(dateOfBirth, today)).toBe(age);
  });
});
