/**
 * The words of a session record that the course rules, the plausibility checks and the
 * documentation check read. Contract shapes live in `@kap/shared/contracts` and are wider.
 */
export const SESSION_KINDS = ['preparation', 'dosing', 'integration', 'psychotherapy'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export const SESSION_SETTINGS = ['in_person', 'remote', 'remote_group'] as const;
export type SessionSetting = (typeof SESSION_SETTINGS)[number];

export const DOSE_LABELS = ['half_dissociative', 'full_dissociative', 'other'] as const;
export type DoseLabel = (typeof DOSE_LABELS)[number];

export const VITALS_PHASES = ['pre', 'mid', 'post'] as const;
export type VitalsPhase = (typeof VITALS_PHASES)[number];

export const ADVERSE_EVENT_SEVERITIES = ['mild', 'moderate', 'severe', 'serious'] as const;
export type AdverseEventSeverity = (typeof ADVERSE_EVENT_SEVERITIES)[number];

/** Codes of `Session.warnings` (docs/api.md "Session warnings"), in the order they are reported. */
export const SESSION_WARNINGS = [
  'dosing_without_preparation',
  'dosing_frequency_exceeded',
  'integration_missing',
  'vitals_out_of_range',
  'vitals_missing',
  'serious_adverse_event',
  // Second round (docs/api.md "Orders, status and the dose"): the dose against the orders and the status.
  'dose_outside_plan',
  'not_cleared_for_dosing',
  'prescription_not_active',
  'doses_authorized_exceeded',
  'vitals_limits_not_ordered',
  'severe_adverse_event',
  'on_call_not_informed',
] as const;
export type SessionWarning = (typeof SESSION_WARNINGS)[number];

export interface VitalsReading {
  at?: string;
  phase: VitalsPhase;
  systolic: number;
  diastolic: number;
  heartRate: number;
  spo2?: number | null;
}

/** How the ketamine is taken (`AdministrationRoute` in the contract). */
export type DoseRoute = 'sublingual' | 'intramuscular' | 'intravenous' | 'intranasal';

export interface AdverseEventRecord {
  type: string;
  severity: AdverseEventSeverity;
  /** When the on-call prescriber was told; absent or null when not (yet). */
  reportedToOnCallAt?: string | null;
}

/** What a dosing session's record says; `adverseEvents` null means the question was not answered. */
export interface DosingFacts {
  route?: DoseRoute;
  doseMg: number;
  booster?: { doseMg: number; at: string } | null;
  vitals: VitalsReading[];
  adverseEvents: AdverseEventRecord[] | null;
}

/** Any session of the patient, as far as the course rules look at it. */
export interface SessionFacts {
  id: string;
  kind: SessionKind;
  /** ISO-8601 instant. */
  occurredAt: string;
  courseId: string | null;
}

/** The session being recorded (or changed): its facts and, for a dose, the dose record. */
export interface SessionUnderReview extends SessionFacts {
  durationMinutes: number;
  dosing: DosingFacts | null;
}

/** The prescriber's dose plan: route and dose range in mg, copied as ordered. */
export interface DosePlanOrder {
  route: DoseRoute;
  doseMgMin?: number | null;
  doseMgMax?: number | null;
}

/** The prescriber's vitals limits; a reading equal to a limit is within it. SpO2 in percent. */
export interface VitalsLimitsOrder {
  systolicMax?: number | null;
  diastolicMax?: number | null;
  heartRateMax?: number | null;
  systolicMin?: number | null;
  diastolicMin?: number | null;
  heartRateMin?: number | null;
  spo2Min?: number | null;
}

/** The prescriber's orders on the session's course, copied as ordered (never computed here). */
export interface CourseOrders {
  maxDosingSessionsPerWeek?: number | null;
  dosePlan?: DosePlanOrder | null;
  vitalsLimits?: VitalsLimitsOrder | null;
}
