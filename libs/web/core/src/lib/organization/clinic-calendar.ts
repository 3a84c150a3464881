import { clinicCalendarRevision, clinicLocale, clinicTimeZone } from './clinic-calendar-settings';

/** A moment as the API sends it (ISO text), as a number of milliseconds, or a Date. */
export type Instant = string | number | Date;

type Style =
  | 'date'
  | 'dateTime'
  | 'dateTimeWithSeconds'
  | 'time'
  | 'dayMonth'
  | 'shortDate'
  | 'month'
  | 'monthYear';

/**
 * The one date style of the web app. Dates are written the way the browser's language writes them
 * ("14 Nov 2026" in en-GB, "Nov 14, 2026" in en-US); instants (a session's time, a score's, a
 * message's) on the wall clock of the organization's time zone, whatever zone the reader's
 * computer is in, so everyone at the practice sees the same day and time for the same dose.
 */
const STYLES: Readonly<Record<Style, Intl.DateTimeFormatOptions>> = {
  date: { dateStyle: 'medium' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  dateTimeWithSeconds: { dateStyle: 'medium', timeStyle: 'medium' },
  time: { timeStyle: 'short' },
  dayMonth: { day: 'numeric', month: 'short' },
  shortDate: { day: 'numeric', month: 'short', year: '2-digit' },
  month: { month: 'short' },
  monthYear: { month: 'short', year: '2-digit' },
};

/**
 * Formats are made on first use and kept: building an `Intl.DateTimeFormat` loads locale data and
 * costs a few milliseconds each (tens on a slow phone), which at module load would sit in the task
 * that draws the first page. A new zone or language (the admin saved another zone) drops them.
 */
// Made on first use too: a module with no work at load stays out of the initial bundle, which
// reaches this file through the `@kap/web/core` barrel without using it.
let formats: Map<string, Intl.DateTimeFormat> | undefined;
let formatsRevision = -1;

function format(style: Style | 'parts', onCalendar: boolean): Intl.DateTimeFormat {
  if (!formats || formatsRevision !== clinicCalendarRevision()) {
    formats = new Map();
    formatsRevision = clinicCalendarRevision();
  }
  const key = onCalendar ? `${style}@UTC` : style;
  let made = formats.get(key);
  if (!made) {
    // A plain calendar date is written as it is: placed at midnight UTC and read back in UTC.
    const timeZone = onCalendar ? 'UTC' : clinicTimeZone();
    made = style === 'parts' ? partsFormat(timeZone) : localFormat(STYLES[style], timeZone);
    formats.set(key, made);
  }
  return made;
}

/** A language or zone this browser does not know falls back to en-GB, then to the browser's zone. */
function localFormat(options: Intl.DateTimeFormatOptions, timeZone: string | undefined): Intl.DateTimeFormat {
  for (const [language, zone] of [
    [clinicLocale(), timeZone],
    ['en-GB', timeZone],
    ['en-GB', undefined],
  ] as const) {
    try {
      return new Intl.DateTimeFormat(language, Object.assign({ timeZone: zone }, options));
    } catch {
      // RangeError: try the next, plainer pair.
    }
  }
  return new Intl.DateTimeFormat();
}

function partsFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const options = (zone: string | undefined): Intl.DateTimeFormatOptions => ({
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone: zone,
  });
  try {
    return new Intl.DateTimeFormat('en-US', options(timeZone));
  } catch {
    return new Intl.DateTimeFormat('en-US', options(undefined));
  }
}

function timeOf(instant: Instant): number {
  if (typeof instant === 'number') return instant;
  if (instant instanceof Date) return instant.getTime();
  return Date.parse(instant);
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

function calendarTime(day: string): number {
  return CALENDAR_DATE.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
}

/**
 * en-GB's CLDR data writes September "Sept"; the clinic (and the API's sentences) write "Sep".
 * Some ICU versions put a narrow no-break space before "PM"; a plain one reads and searches alike.
 */
function written(text: string): string {
  return text.replace(/\bSept\b/, 'Sep').replace(/\u202f/g, ' ');
}

function writeInstant(style: Style, instant: Instant): string {
  const time = timeOf(instant);
  return Number.isNaN(time) ? String(instant) : written(format(style, false).format(time));
}

function writeCalendarDate(style: Style, day: string): string {
  const time = calendarTime(day);
  return Number.isNaN(time) ? day : written(format(style, true).format(time));
}

/** Year, month, day, hour, minute, second of an instant on the organization's wall clock. */
function wallClock(time: number): number[] {
  const parts = format('parts', false).formatToParts(time);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return [part('year'), part('month'), part('day'), part('hour'), part('minute'), part('second')];
}

/** How far the organization's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(time: number): number {
  const [year, month, day, hour, minute, second] = wallClock(time);
  return Date.UTC(year, month - 1, day, hour, minute, second) - (time - (((time % 1000) + 1000) % 1000));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** What a `datetime-local` input holds: `2026-11-14T14:05`, seconds optional. */
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;
const HOUR_MS = 3_600_000;

/** The wall-clock text as milliseconds of a UTC clock reading the same; NaN when it names no real time. */
function wallClockTime(value: string): number {
  const match = WALL_CLOCK.exec(value);
  if (!match) return NaN;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const time = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(time);
  // `2026-02-30T10:00` or `25:00` would roll over into another day: not a time anyone typed.
  return back.getUTCDate() === day &&
    back.getUTCMonth() === month - 1 &&
    hour < 24 &&
    minute < 60 &&
    second < 60
    ? time
    : NaN;
}

/**
 * The instant a wall-clock reading names in the organization's zone (`wall` as if it were UTC).
 * The offsets a day either side bracket the reading (zones change clocks at most once a day).
 * A reading that happens twice (the hour clocks go back) is its first occurrence, the one still
 * on summer time; a reading that never happens (the hour skipped when clocks go forward) is
 * read on the offset before the change, so 02:30 on a New York spring-forward day is 03:30 EDT:
 * the instant the therapist's watch showed before they reset it. Temporal calls this "compatible".
 */
function instantOfWallClock(wall: number): number {
  const before = wall - offsetAt(wall - 24 * HOUR_MS);
  const after = wall - offsetAt(wall + 24 * HOUR_MS);
  const fits = (time: number) => time + offsetAt(time) === wall;
  const candidates = [before, after].filter(fits);
  return candidates.length ? Math.min(...candidates) : before;
}

export const clinicCalendar = {
  /**
   * A calendar date (`2026-11-14`: a date of birth, a course start, a follow-up due) as "14 Nov
   * 2026". It names a day, not a moment, so no time zone shifts it. Anything else comes back as it is.
   */
  calendarDate: (day: string): string => writeCalendarDate('date', day),
  /** A calendar date without its year: "14 Nov". */
  calendarDayMonth: (day: string): string => writeCalendarDate('dayMonth', day),
  /** The date of an instant in the organization's zone: "14 Nov 2026". */
  date: (instant: Instant): string => writeInstant('date', instant),
  /** "14 Nov 2026, 14:00" (en-US: "Nov 14, 2026, 2:00 PM") in the organization's zone. */
  dateTime: (instant: Instant): string => writeInstant('dateTime', instant),
  /** "14 Nov 2026, 14:00:05": where the order of close events matters (the audit log). */
  dateTimeWithSeconds: (instant: Instant): string => writeInstant('dateTimeWithSeconds', instant),
  /** "14:00" (en-US: "2:00 PM"). */
  time: (instant: Instant): string => writeInstant('time', instant),
  /** "14 Nov", where the year goes without saying. */
  dayMonth: (instant: Instant): string => writeInstant('dayMonth', instant),
  /** "14 Nov 26": chart ticks and narrow table columns. */
  shortDate: (instant: Instant): string => writeInstant('shortDate', instant),
  /** "Nov". */
  month: (instant: Instant): string => writeInstant('month', instant),
  /** "Nov 26". */
  monthYear: (instant: Instant): string => writeInstant('monthYear', instant),
  /** The year of an instant in the organization's zone (NaN when it is not an instant). */
  year: (instant: Instant): number => {
    const time = timeOf(instant);
    return Number.isNaN(time) ? NaN : wallClock(time)[0];
  },
  /** The calendar date (`YYYY-MM-DD`) of an instant in the organization's zone; '' when it is not one. */
  dayOf: (instant: Instant): string => {
    const time = timeOf(instant);
    if (Number.isNaN(time)) return '';
    const [year, month, day] = wallClock(time);
    return `${year}-${pad(month)}-${pad(day)}`;
  },
  /** The instant a calendar date begins in the organization's zone (its midnight), in milliseconds. */
  startOfDay: (day: string): number => {
    const guess = calendarTime(day);
    if (Number.isNaN(guess)) return NaN;
    // The offset at the guess may differ from the one at the midnight itself (a daylight-saving
    // change in between); a second look settles it.
    const first = guess - offsetAt(guess);
    const second = guess - offsetAt(first);
    return second;
  },
  /**
   * An instant as a `datetime-local` input holds it, `2026-11-14T14:05`, on the organization's
   * wall clock (not the browser's: a therapist travelling still types clinic time); '' when it is
   * not an instant.
   */
  inputValue: (instant: Instant): string => {
    const time = timeOf(instant);
    if (Number.isNaN(time)) return '';
    const [year, month, day, hour, minute] = wallClock(time);
    return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}`;
  },
  /**
   * The instant, in milliseconds, a `datetime-local` value names on the organization's wall clock:
   * the way back from `inputValue`. NaN for text that is no real date and time. A time the clocks
   * skip or repeat is read as `instantOfWallClock` says.
   */
  instantOfInput: (value: string): number => {
    const wall = wallClockTime(value);
    return Number.isNaN(wall) ? NaN : instantOfWallClock(wall);
  },
  /**
   * The organization's zone, for a date-time field's hint, when the browser is in another one
   * ("Europe/London"; underscores as spaces): a therapist travelling is told the times are the clinic's.
   * '' when the two zones are the same, or before anyone signed in.
   */
  zoneUnlikeBrowser: (): string => {
    const clinic = clinicTimeZone();
    if (!clinic) return '';
    const canonical = (zone: string | undefined) => {
      try {
        return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
      } catch {
        return zone;
      }
    };
    const ownName = canonical(clinic);
    const browser = canonical(undefined);
    const utc = (zone: string | undefined) => zone === 'UTC' || zone === 'Etc/UTC' || zone === 'Etc/GMT';
    return ownName === browser || (utc(ownName) && utc(browser)) ? '' : clinic.replace(/_/g, ' ');
  },
  /**
   * A date-time field's hint when the browser is in another zone than the organization, "Clinic
   * time, Europe/London"; '' otherwise. A hint, not part of the label: a phone-wide field cuts a
   * long label off, while a hint wraps, and is still read out with the field (aria-describedby).
   */
  fieldHint: (): string => {
    const zone = clinicCalendar.zoneUnlikeBrowser();
    return zone ? `Clinic time, ${zone}` : '';
  },
} as const;
