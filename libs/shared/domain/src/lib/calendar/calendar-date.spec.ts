import { addDays, calendarDateOf, daysBetween, isCalendarDate } from './calendar-date';

describe('calendar dates', () => {
  it.each([
    ['2026-11-25', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2026-13-01', false],
    ['2026-04-31', false],
    ['2026-1-5', false],
    ['2026-11-25T00:00:00Z', false],
    ['', false],
    [20261125, false],
    [null, false],
  ])('%p is a calendar date: %p', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it('takes the UTC date of an instant, and counts and adds whole days', () => {
    expect(calendarDateOf(new Date('2026-11-25T23:59:59.999Z'))).toBe('2026-11-25');
    expect(calendarDateOf(new Date('2026-11-26T00:30:00+01:00'))).toBe('2026-11-25');
    expect(daysBetween('2026-11-25', '2026-12-25')).toBe(30);
    expect(daysBetween('2026-03-01', '2026-02-28')).toBe(-1);
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });
});
