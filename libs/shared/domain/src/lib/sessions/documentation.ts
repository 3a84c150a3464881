import { addDays, calendarDateIn } from '../calendar/calendar-date';
import type { DosingFacts } from './session-record';

/** What a dosing session's documentation still lacks (`Session.documentationMissing`). */
export const DOCUMENTATION_GAPS = ['pre_vitals', 'post_vitals', 'adverse_events', 'signed_note'] as const;
export type DocumentationGap = (typeof DOCUMENTATION_GAPS)[number];

export interface DocumentationStatus {
  complete: boolean;
  missing: DocumentationGap[];
}

/**
 * A dosing session is documented when it has a reading before and after the dose, the adverse
 * events question answered (an explicit empty list means "none"), and a signed note linked to it.
 */
export function dosingDocumentation(
  dosing: Pick<DosingFacts, 'vitals' | 'adverseEvents'>,
  hasSignedNote: boolean,
): DocumentationStatus {
  const present: Record<DocumentationGap, boolean> = {
    pre_vitals: dosing.vitals.some((v) => v.phase === 'pre'),
    post_vitals: dosing.vitals.some((v) => v.phase === 'post'),
    adverse_events: Array.isArray(dosing.adverseEvents),
    signed_note: hasSignedNote,
  };
  const missing = DOCUMENTATION_GAPS.filter((gap) => !present[gap]);
  return { complete: missing.length === 0, missing };
}

/** Integration is due the day after a dose, on the calendar of the practice's time zone. */
export const INTEGRATION_DUE_AFTER_DAYS = 1;

/**
 * The day an integration session is due after a dose, or null once one has taken place after it.
 * `integrationTimes` are the instants of the patient's integration sessions in the dose's course.
 * `timeZone` is the IANA zone of the patient's practice: a dose at 23:30 in New York is due the
 * next New York day, although in UTC it was already that day.
 */
export function integrationDueOn(
  doseOccurredAt: string,
  integrationTimes: readonly string[],
  timeZone: string,
): string | null {
  const dose = Date.parse(doseOccurredAt);
  if (integrationTimes.some((t) => Date.parse(t) > dose)) return null;
  return addDays(calendarDateIn(new Date(dose), timeZone), INTEGRATION_DUE_AFTER_DAYS);
}
