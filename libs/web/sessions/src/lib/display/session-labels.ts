import type {
  AdministrationRoute,
  AdverseEventSeverity,
  Course,
  CoursePhase,
  DocumentationGap,
  DoseLabel,
  NoteKind,
  Session,
  SessionKind,
  SessionSetting,
  SessionWarning,
  VitalsLimits,
  VitalsPhase,
} from '@kap/shared/contracts';
import { vitalsLimitsText } from '@kap/shared/domain';
import { clinicCalendar } from '@kap/web/core/calendar';

/** How the codes read on screen; the codes are for machines. */
export const KIND_LABELS: Readonly<Record<SessionKind, string>> = {
  preparation: 'Preparation',
  dosing: 'Dosing',
  integration: 'Integration',
  psychotherapy: 'Psychotherapy',
};

export const SETTING_LABELS: Readonly<Record<SessionSetting, string>> = {
  in_person: 'In person',
  remote: 'Remote',
  remote_group: 'Remote, group',
};

export const ROUTE_LABELS: Readonly<Record<AdministrationRoute, string>> = {
  sublingual: 'Sublingual',
  intramuscular: 'Intramuscular',
  intravenous: 'Intravenous',
  intranasal: 'Intranasal',
};

export const DOSE_LABEL_LABELS: Readonly<Record<DoseLabel, string>> = {
  half_dissociative: 'Half dissociative',
  full_dissociative: 'Full dissociative',
  other: 'Other',
};

export const PHASE_LABELS: Readonly<Record<VitalsPhase, string>> = {
  pre: 'Pre-dose',
  mid: 'During',
  post: 'Post-dose',
};

export const SEVERITY_LABELS: Readonly<Record<AdverseEventSeverity, string>> = {
  mild: 'Mild',
  moderate: 'Moderate',
  severe: 'Severe',
  serious: 'Serious',
};

export const ADVERSE_EVENT_LABELS: Readonly<Record<string, string>> = {
  nausea: 'Nausea',
  vomiting: 'Vomiting',
  dizziness: 'Dizziness',
  headache: 'Headache',
  elevated_blood_pressure: 'Elevated blood pressure',
  tachycardia: 'Tachycardia',
  anxiety_or_panic: 'Anxiety or panic',
  confusion: 'Confusion',
  dissociation_distress: 'Distress during dissociation',
  fall_or_injury: 'Fall or injury',
  respiratory_depression: 'Respiratory depression',
  other: 'Other',
};

export const NOTE_KIND_LABELS: Readonly<Record<NoteKind, string>> = {
  preparation: 'Preparation note',
  integration: 'Integration note',
  progress: 'Progress note',
};

export const GAP_LABELS: Readonly<Record<DocumentationGap, string>> = {
  pre_vitals: 'pre-dose vitals',
  post_vitals: 'post-dose vitals',
  adverse_events: 'adverse events not answered',
  signed_note: 'signed note',
};

export const WARNING_TITLES: Readonly<Record<SessionWarning, string>> = {
  vitals_out_of_range: 'Vitals outside the prescriber’s limits',
  serious_adverse_event: 'Serious adverse event',
  dosing_frequency_exceeded: 'More doses this week than the plan allows',
  dosing_without_preparation: 'Dose without a preparation session',
  integration_missing: 'Integration missing after an earlier dose',
  vitals_missing: 'Vitals missing',
  dose_outside_plan: 'Dose outside the prescriber’s plan',
  not_cleared_for_dosing: 'Not cleared for dosing by the medical team',
  prescription_not_active: 'Prescription not active',
  doses_authorized_exceeded: 'More doses than the prescription authorizes',
  vitals_limits_not_ordered: 'No vitals limits from the prescriber',
  severe_adverse_event: 'Severe adverse event',
  on_call_not_informed: 'On-call prescriber not recorded as told',
};

/** What the warnings' texts may mention about the session's course. */
export interface WarningContext {
  vitalsLimits?: VitalsLimits | null;
  maxDosingSessionsPerWeek?: number | null;
}

/** What a warning means and what to do now, in words for the therapist who just saved. */
export function warningAdvice(code: SessionWarning, context: WarningContext = {}): string {
  switch (code) {
    case 'vitals_out_of_range': {
      const limits = vitalsLimitsText(context.vitalsLimits);
      return (
        `A reading is outside the limits the prescriber set${limits ? ` (${limits})` : ''}. ` +
        'An alert was raised for the medical team. Follow the prescriber’s orders for readings out of range and record what was done.'
      );
    }
    case 'serious_adverse_event':
      return 'A serious adverse event was recorded. An urgent alert was raised for the medical team: make sure the on-call prescriber has been told, and record when.';
    case 'dosing_frequency_exceeded': {
      const max = context.maxDosingSessionsPerWeek ?? 2;
      return `More dosing sessions within 7 days than the plan allows (at most ${max}). An alert was raised for the medical team; check the schedule with the prescriber before the next dose.`;
    }
    case 'dosing_without_preparation':
      return 'No preparation session is recorded in this course before this dose. If one took place, log it; if not, tell the medical team.';
    case 'integration_missing':
      return 'An earlier dose in this course has no integration session after it. Log the integration session if it took place, or schedule one.';
    case 'vitals_missing':
      return 'A pre-dose or post-dose reading is missing, so the session is not documented complete. Add the reading if it was taken.';
    case 'dose_outside_plan':
      return 'The dose (with any booster) or its route is not what the prescriber’s plan says. An alert was raised for the medical team; check the order with the prescriber.';
    case 'not_cleared_for_dosing':
      return 'The medical team had not marked the patient eligible when this dose was given. An alert was raised; confirm the clearance with the medical team.';
    case 'prescription_not_active':
      return 'No active prescription was recorded when this dose was given. An alert was raised; confirm the prescription with the medical team.';
    case 'doses_authorized_exceeded':
      return 'More doses have been given than the current prescription authorizes. An alert was raised; ask the prescriber before the next dose.';
    case 'vitals_limits_not_ordered':
      return 'The course has no vitals limits from the prescriber, so readings cannot be checked. Ask the prescriber for the limits and add them to the course.';
    case 'severe_adverse_event':
      return 'A severe adverse event was recorded. An alert was raised for the medical team; record what was done.';
    case 'on_call_not_informed':
      return 'A serious adverse event has no time the on-call prescriber was told. Tell them now if not done, and record when.';
    default:
      return 'The session breaks a course rule.';
  }
}

export interface WarningView {
  code: SessionWarning;
  title: string;
  advice: string;
}

export function warningViews(
  warnings: readonly SessionWarning[],
  context: WarningContext = {},
): WarningView[] {
  return warnings.map((code) => ({
    code,
    title: WARNING_TITLES[code] ?? code,
    advice: warningAdvice(code, context),
  }));
}

/** "Sublingual, 150 mg + 50 mg booster". */
export function doseText(session: Pick<Session, 'dosing'>): string {
  const dosing = session.dosing;
  if (!dosing) return '';
  const booster = dosing.booster ? ` + ${dosing.booster.doseMg} mg booster` : '';
  return `${ROUTE_LABELS[dosing.route] ?? dosing.route}, ${dosing.doseMg} mg (${DOSE_LABEL_LABELS[dosing.doseLabel].toLowerCase()})${booster}`;
}

/** "Documentation complete", or what is missing, for a dosing session; '' for the others. */
export function documentationText(
  session: Pick<Session, 'documentationComplete' | 'documentationMissing'>,
): string {
  if (session.documentationComplete === null) return '';
  if (session.documentationComplete) return 'Documentation complete';
  const missing = session.documentationMissing.map((gap) => GAP_LABELS[gap] ?? gap);
  return `Missing: ${missing.join(', ')}`;
}

/** Which note to write after a session, and its link text. */
export function noteKindAfter(kind: SessionKind): NoteKind {
  if (kind === 'preparation') return 'preparation';
  if (kind === 'psychotherapy') return 'progress';
  return 'integration';
}

/** An instant in the organization's time zone: "25 Nov 2026, 14:00" (the clinic calendar's style). */
export function formatDateTime(instant: string | null | undefined): string {
  return instant ? clinicCalendar.dateTime(instant) : '';
}

/** The day of an instant in the organization's time zone: "2 Dec 2026". */
export function formatDate(instant: string | null | undefined): string {
  return instant ? clinicCalendar.date(instant) : '';
}

/** A `YYYY-MM-DD` day as "1 Oct 2026", in every time zone (a day, not an instant). */
export function formatCalendarDate(day: string): string {
  return clinicCalendar.calendarDate(day);
}

const COURSE_PHASE_WORDS: Readonly<Record<CoursePhase, string>> = {
  referred: 'referred',
  intake: 'medical intake',
  preparation: 'preparation',
  dosing: 'dosing',
  integration: 'integration',
  maintenance: 'maintenance',
  completed: 'completed',
  discontinued: 'discontinued',
};

/** A course as the session form's Course list names it: "Course started 1 Oct 2026 (dosing)". */
export function courseOptionLabel(course: Pick<Course, 'startedOn' | 'phase'>): string {
  return `Course started ${formatCalendarDate(course.startedOn)} (${COURSE_PHASE_WORDS[course.phase] ?? course.phase})`;
}

/**
 * `YYYY-MM-DDTHH:mm` on the clinic's clock (the organization's zone, not the browser's), the value
 * a datetime-local input takes.
 */
export function clinicDateTimeValue(date: Date | string): string {
  return clinicCalendar.inputValue(date);
}

export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
