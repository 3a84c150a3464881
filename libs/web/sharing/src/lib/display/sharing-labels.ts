import type {
  AlertSeverity,
  DashboardItem,
  DashboardReason,
  DashboardReasonCode,
} from '@kap/shared/contracts';
import { careTeamUpdateWords, INSTRUMENT_SHORT_NAMES, questionnairesDueWords } from '@kap/shared/domain';
import { clinicCalendar } from '@kap/web/core/calendar';

const RANK: Readonly<Record<AlertSeverity, number>> = { info: 1, warning: 2, urgent: 3 };

/** Reasons whose `since` is a calendar day (sent as midnight UTC), not a moment. */
const CALENDAR_DAY_REASONS: ReadonlySet<DashboardReasonCode> = new Set([
  'integration_due',
  'follow_up_due',
  'release_expiring',
]);

/**
 * A `YYYY-MM-DD` day as "24 Nov 2026", in every time zone. The API sends some calendar days as
 * their midnight UTC (`2026-11-24T00:00:00.000Z`); the day is the date part.
 */
export function formatCalendarDate(day: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(day) ? clinicCalendar.calendarDate(day.slice(0, 10)) : day;
}

/** The dates and times below are the clinic calendar's: the organization's zone, the browser's language. */
export function formatDate(instant: string): string {
  return clinicCalendar.date(instant);
}

export function formatDateTime(instant: string): string {
  return clinicCalendar.dateTime(instant);
}

export function formatTime(instant: string): string {
  return clinicCalendar.time(instant);
}

/** "24 Nov": the day of an instant, or a calendar day sent as its midnight UTC. */
function dayMonth(value: string, calendarDay: boolean): string {
  return calendarDay && /^\d{4}-\d{2}-\d{2}/.test(value)
    ? clinicCalendar.calendarDayMonth(value.slice(0, 10))
    : clinicCalendar.dayMonth(value);
}

/**
 * An urgent alert one side has left unacknowledged past the organization's `escalateAfterHours`
 * (docs/api.md "Alerts"): it leads the row and the list, whatever else is there.
 */
export const ALERT_ESCALATED: DashboardReasonCode = 'alert_escalated';
const escalated = (reason: Pick<DashboardReason, 'code'>) => reason.code === ALERT_ESCALATED;

/** A dashboard reason in the words a therapist would use at a handover. */
export function reasonText(reason: DashboardReason): string {
  const day = dayMonth(reason.since, CALENDAR_DAY_REASONS.has(reason.code));
  // For the calendar-day reasons, `info` means the day is still ahead; `warning`, that it has passed.
  const passed = reason.severity !== 'info';
  if (escalated(reason))
    return `Urgent alert not acknowledged for hours (since ${formatDateTime(reason.since)})`;
  switch (reason.code) {
    case 'open_alert':
      return `Open safety alert since ${day}`;
    case 'integration_due':
      return passed ? `Integration session due since ${day}` : `Integration session due from ${day}`;
    case 'follow_up_due':
      return passed ? `Medical follow-up overdue since ${day}` : `Medical follow-up due on ${day}`;
    case 'documentation_incomplete':
      return 'Dosing session not fully documented';
    case 'measure_overdue':
      // Every measure the course uses can be overdue; a reason without one is the PHQ-9's.
      return `No ${instrumentName(reason.instrument ?? 'PHQ9')} in 30 days`;
    case 'questionnaire_due':
      // Questionnaires the course's measurement plan sent, not answered yet: which, and since when.
      return `${questionnairesDueWords(reason.instruments)} since ${day}`;
    case 'unacknowledged_update':
      // The reason carries the update's urgency (as its severity) and its kind, never its text: the
      // text may hold clinical detail the dashboard list should not show.
      return `${careTeamUpdateWords(reason.severity, reason.updateKind)} not acknowledged since ${day}`;
    case 'release_expiring':
      return passed ? `Release of information expired on ${day}` : `Release of information expires on ${day}`;
    default:
      return `${String(reason.code).replace(/_/g, ' ')} since ${day}`;
  }
}

/** The reasons of a row as shown: an escalated alert first, then most severe, then the one that has waited longest. */
export function orderReasons(reasons: readonly DashboardReason[]): DashboardReason[] {
  return [...reasons].sort(
    (a, b) =>
      Number(escalated(b)) - Number(escalated(a)) ||
      RANK[b.severity] - RANK[a.severity] ||
      a.since.localeCompare(b.since) ||
      a.code.localeCompare(b.code),
  );
}

/**
 * The attention list, patients with an escalated alert first, then most urgent, then the patient whose top reason has waited longest
 * (the API's order; kept here so the page never depends on the wire order).
 */
export function orderDashboard(items: readonly DashboardItem[]): DashboardItem[] {
  const rows = items
    .filter((item) => item.reasons.length > 0)
    .map((item) => ({ ...item, reasons: orderReasons(item.reasons) }));
  return rows.sort(
    (a, b) =>
      Number(escalated(b.reasons[0])) - Number(escalated(a.reasons[0])) ||
      RANK[b.reasons[0].severity] - RANK[a.reasons[0].severity] ||
      a.reasons[0].since.localeCompare(b.reasons[0].since) ||
      a.patientName.localeCompare(b.patientName),
  );
}

/** Abbreviations a prescriber reads in capitals ("Probable PTSD", not "Probable ptsd"). */
const ABBREVIATIONS = /\b(ptsd|ocd|gad|phq|pcl|cgi|cssrs|ae)\b/g;

export function humanize(code: string): string {
  const text = code.replace(/_/g, ' ').replace(ABBREVIATIONS, (word) => word.toUpperCase());
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const CONDITIONS: Readonly<Record<string, string>> = {
  treatment_resistant_depression: 'Treatment-resistant depression',
  generalized_anxiety: 'Generalized anxiety',
};

/** A course's indication in the clinic's words. */
export function conditionName(code: string): string {
  return CONDITIONS[code] ?? humanize(code);
}

const INSTRUMENTS: Readonly<Record<string, string>> = INSTRUMENT_SHORT_NAMES;

export function instrumentName(code: string): string {
  return INSTRUMENTS[code] ?? code;
}
