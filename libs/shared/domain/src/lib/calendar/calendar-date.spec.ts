import {
  addDays,
  calendarDateOf,
  dayNumber,
  daysBetween,
  isCalendarDate,
  spokenDate,
  calendarDateIn,
  isTimeZone,
} from './calendar-date';

const DAY = 24 * 60 * 60 * 1000;

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
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('1999-12-31', '2000-03-01')).toBe(61);
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  // The day number agrees with Date for every day of four centuries, leap rules included.
  it('numbers days like Date does, 1900 to 2300', () => {
    for (let t = Date.UTC(1900, 0, 1); t <= Date.UTC(2300, 0, 1); t += DAY) {
      const date = new Date(t).toISOString().slice(0, 10);
      if (dayNumber(date) !== t / DAY) throw new Error(`${date}: ${dayNumber(date)} instead of ${t / DAY}`);
    }
  });

  it.each(['', '2026-1-5', '20261125', '2026/11/25'])('gives NaN for %j', (text) => {
    expect(dayNumber(text)).toBeNaN();
  });
});

describe('spokenDate', () => {
  it.each([
    ['2026-12-02T14:00:00.000Z', 'UTC', '2 Dec 2026'],
    ['2026-09-30T12:00:00.000Z', 'UTC', '30 Sep 2026'],
    // 03:30 UTC on 3 Dec is still the evening of 2 Dec in New York and already 3 Dec in Auckland.
    ['2026-12-03T03:30:00.000Z', 'America/New_York', '2 Dec 2026'],
    ['2026-12-02T12:30:00.000Z', 'Pacific/Auckland', '3 Dec 2026'],
  ])('%s in %s is %s', (instant, zone, expected) => {
    expect(spokenDate(instant, zone)).toBe(expected);
  });
});

describe('calendarDateIn', () => {
  it.each([
    // One minute before and after midnight in New York (UTC-5 in December).
    ['2026-12-03T04:59:00.000Z', 'America/New_York', '2026-12-02'],
    ['2026-12-03T05:00:00.000Z', 'America/New_York', '2026-12-03'],
    // Auckland is UTC+13 in December: its midnight is 11:00 UTC the day before.
    ['2026-12-02T10:59:00.000Z', 'Pacific/Auckland', '2026-12-02'],
    ['2026-12-02T11:00:00.000Z', 'Pacific/Auckland', '2026-12-03'],
    ['2026-12-02T23:59:59.999Z', 'UTC', '2026-12-02'],
    // Daylight saving: New York is UTC-4 in July.
    ['2026-07-01T03:59:00.000Z', 'America/New_York', '2026-06-30'],
    ['2026-07-01T04:00:00.000Z', 'America/New_York', '2026-07-01'],
  ])('%s in %s is %s', (instant, zone, expected) => {
    expect(calendarDateIn(instant, zone)).toBe(expected);
  });
});

describe('isTimeZone', () => {
  it.each([
    ['America/New_York', true],
    ['Pacific/Auckland', true],
    ['UTC', true],
    ['Mars/Olympus_Mons', false],
    ['', false],
    [42, false],
    [null, false],
  ])('%s → %s', (value, expected) => {
    expect(isTimeZone(value)).toBe(expected);
  });
});
