/**
 * Calendar dates (`YYYY-MM-DD`) as the clinic writes them: dates of birth, release-of-information
 * dates, follow-up due dates. They carry no time zone. A rule's dates are counted on the calendar
 * of the patient's practice (`calendarDateIn` with the organization's IANA zone); release-of-
 * information validity still takes "today" as the UTC date (`calendarDateOf`).
 */
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** True for a real date in `YYYY-MM-DD` form (`2025-02-29` is not one). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = CALENDAR_DATE.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The calendar date (UTC) of an instant. */
export function calendarDateOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

const ZONE_DATES = new Map<string, Intl.DateTimeFormat>();

function zoneDateFormat(timeZone: string): Intl.DateTimeFormat {
  let format = ZONE_DATES.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      timeZone,
    });
    ZONE_DATES.set(timeZone, format);
  }
  return format;
}

/**
 * The calendar date of an instant on the wall calendar of an IANA time zone: the date a clinic in
 * that zone writes for it ("integration due the day after the dose" counts these days, not UTC's).
 */
export function calendarDateIn(instant: Date | string, timeZone: string): string {
  if (timeZone === 'UTC') return calendarDateOf(new Date(instant));
  const parts = zoneDateFormat(timeZone).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** True for an IANA time zone name this runtime knows (`America/New_York`, `UTC`). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  try {
    zoneDateFormat(value);
    return true;
  } catch {
    return false;
  }
}

/** Whole days from `from` to `to` (negative when `to` is earlier). Both must be calendar dates. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` date, by integer arithmetic (Howard Hinnant's
 * `days_from_civil`); NaN when the text is not in that form. A patient list computes a few per
 * row, and building a timestamp text for `Date.parse` each time was a visible share of it.
 */
export function dayNumber(date: string): number {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return NaN;
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The calendar date `days` after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

const SPOKEN_DATES = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant as a clinician says its date ("2 Dec 2026"), in an IANA time zone: the words of an
 * alert's summary. `timeZone` is the IANA zone of the patient's practice.
 */
export function spokenDate(instant: string, timeZone = 'UTC'): string {
  let format = SPOKEN_DATES.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone });
    SPOKEN_DATES.set(timeZone, format);
  }
  return format.format(new Date(instant)).replace('Sept', 'Sep');
}
