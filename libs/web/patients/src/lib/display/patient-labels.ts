import { InjectionToken } from '@angular/core';
import type {
  AdministrationRoute,
  Condition,
  CoursePhase,
  Eligibility,
  MedicalStatus,
  MedicalStatusSource,
  MonitoringStatus,
  PrescriptionStatus,
} from '@kap/shared/contracts';
import { calendarDateOf } from '@kap/shared/domain';
import { clinicCalendar } from '@kap/web/core/calendar';

/** How the codes read on screen; the codes are for machines. */
export const CONDITION_LABELS: Readonly<Record<Condition, string>> = {
  depression: 'Depression',
  treatment_resistant_depression: 'Treatment-resistant depression',
  ptsd: 'PTSD',
  generalized_anxiety: 'Generalized anxiety',
  social_anxiety: 'Social anxiety',
  ocd: 'OCD',
  chronic_pain: 'Chronic pain',
  substance_use: 'Substance use',
  other: 'Other',
};

export const PHASE_LABELS: Readonly<Record<CoursePhase, string>> = {
  referred: 'Referred',
  intake: 'Medical intake',
  preparation: 'Preparation',
  dosing: 'Dosing',
  integration: 'Integration',
  maintenance: 'Maintenance',
  completed: 'Completed',
  discontinued: 'Discontinued',
};

export const ELIGIBILITY_LABELS: Readonly<Record<Eligibility, string>> = {
  pending_intake: 'Awaiting intake',
  eligible: 'Eligible',
  medical_clearance_required: 'Medical clearance required',
  not_eligible: 'Not eligible',
};

export const PRESCRIPTION_LABELS: Readonly<Record<PrescriptionStatus, string>> = {
  none: 'No prescription',
  active: 'Prescription active',
  paused: 'Prescription paused',
  discontinued: 'Prescription discontinued',
};

export const MONITORING_LABELS: Readonly<Record<MonitoringStatus, string>> = {
  on_track: 'On track',
  needs_attention: 'Needs attention',
  paused: 'Paused',
  discharged: 'Discharged',
};

export const ROUTE_LABELS: Readonly<Record<AdministrationRoute, string>> = {
  sublingual: 'Sublingual',
  intramuscular: 'Intramuscular',
  intravenous: 'Intravenous',
  intranasal: 'Intranasal',
};

export const SOURCE_LABELS: Readonly<Record<MedicalStatusSource, string>> = {
  medical_team: 'from the medical team',
  therapist_mirror: "mirrored by the therapist from the team's portal",
};

/** Today's calendar date, as the API counts it (UTC; see `calendarDateOf`). Replaced in tests. */
export const TODAY = new InjectionToken<() => string>('TODAY', {
  providedIn: 'root',
  factory: () => () => calendarDateOf(new Date()),
});

/** The name a patient goes by: the preferred name when there is one. */
export function displayName(patient: {
  givenName: string;
  familyName: string;
  preferredName: string | null;
}): string {
  return `${patient.preferredName || patient.givenName} ${patient.familyName}`;
}

/** `2026-11-25` → "25 Nov 2026" (the clinic calendar's style). A calendar date is never shifted by a zone. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '';
  return /^\d{4}-\d{2}-\d{2}/.test(date) ? clinicCalendar.calendarDate(date.slice(0, 10)) : date;
}

/** An instant in the organization's time zone: "25 Nov 2026, 14:00". */
export function formatDateTime(instant: string | null | undefined): string {
  if (!instant) return '';
  return clinicCalendar.dateTime(instant);
}

/** "Prescription active · 6 doses · sublingual". */
export function prescriptionText(status: MedicalStatus['prescription']): string {
  if (!status) return '';
  const parts = [PRESCRIPTION_LABELS[status.status]];
  if (status.dosesAuthorized != null)
    parts.push(`${status.dosesAuthorized} ${status.dosesAuthorized === 1 ? 'dose' : 'doses'}`);
  if (status.route) parts.push(ROUTE_LABELS[status.route].toLowerCase());
  return parts.join(' · ');
}
