/**
 * The time zone and the language every date on screen is written in: the signed-in person's
 * organization's IANA zone (the AuthStore sets it from the sign-in answer, the organization
 * settings form when the admin changes it) and the browser's first language. Kept apart from the
 * formats (`clinic-calendar.ts`) because the AuthStore is in the initial bundle: this file is all
 * of the calendar that goes there.
 */
let timeZone: string | undefined;
let locale: string | undefined;
let revision = 0;

/** The organization's zone, or undefined (the browser's own) until someone has signed in. */
export function clinicTimeZone(): string | undefined {
  return timeZone;
}

/** Dates from now on are written in this IANA zone; nothing (null) keeps the one there is. */
export function setClinicTimeZone(zone: string | null | undefined): void {
  if (!zone || zone === timeZone) return;
  timeZone = zone;
  revision++;
}

/** The browser's first language ("en-US"), or 'en-GB' when it names none. */
export function clinicLocale(): string {
  if (locale) return locale;
  const browser =
    typeof navigator === 'undefined' ? undefined : navigator.languages?.[0] || navigator.language;
  return browser || 'en-GB';
}

/** Writes dates in this language instead of the browser's (tests pin 'en-GB'); nothing: the browser's again. */
export function setClinicLocale(language: string | null | undefined): void {
  if ((language || undefined) === locale) return;
  locale = language || undefined;
  revision++;
}

/** Changes whenever the zone or the language does, so formats made for the old ones are dropped. */
export function clinicCalendarRevision(): number {
  return revision;
}
