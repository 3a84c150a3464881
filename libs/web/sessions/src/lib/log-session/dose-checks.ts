import type { Course, MedicalStatus, Session, SessionWarning } from '@kap/shared/contracts';
import {
  dosesUnderPrescription,
  mergeMedicalStatus,
  sessionWarnings,
  totalDoseMg,
  type AdverseEventRecord,
  type CourseOrders,
  type SessionUnderReview,
  type VitalsReading,
  vitalsLimitsText,
} from '@kap/shared/domain';
import { clinicCalendar } from '@kap/web/core/calendar';
import { ROUTE_LABELS } from '../display/session-labels';
import { instantOn, isEmptyVitalsRow, type SessionFormValue } from './session-form';

/** What the page knows besides the form: the course's orders, the patient's other sessions, the status history. */
export interface DoseCheckContext {
  course: Course | null;
  sessions: readonly Pick<Session, 'id' | 'kind' | 'occurredAt' | 'courseId'>[];
  statusHistory: readonly MedicalStatus[];
}

/** One warning the server will give when the session is saved as it stands, in a phrase for a sentence. */
export interface DoseCheck {
  code: SessionWarning;
  phrase: string;
}

const isBlank = (value: number | string | null) => value === null || value === '';

/**
 * The order the checks are said in before saving: the dose against the orders and the status
 * first, what the patient went through next, and last what is only not written down yet (a
 * reading not entered is, more often than not, one still being typed).
 */
const SAY_FIRST: readonly SessionWarning[] = [
  'dose_outside_plan',
  'not_cleared_for_dosing',
  'prescription_not_active',
  'doses_authorized_exceeded',
  'dosing_frequency_exceeded',
  'vitals_out_of_range',
  'serious_adverse_event',
  'severe_adverse_event',
  'on_call_not_informed',
  'dosing_without_preparation',
  'integration_missing',
  'vitals_limits_not_ordered',
  'vitals_missing',
];
const rank = (code: SessionWarning) => {
  const index = SAY_FIRST.indexOf(code);
  return index < 0 ? SAY_FIRST.length : index;
};

/**
 * The session the form would save, as the course rules read it; null while there is no dose to
 * judge yet (not a dosing session, no route, no milligrams, no valid time).
 */
export function sessionUnderReview(value: SessionFormValue): SessionUnderReview | null {
  if (value.kind !== 'dosing' || !value.route || isBlank(value.doseMg)) return null;
  const occurred = clinicCalendar.instantOfInput(value.occurredAt);
  const doseMg = Number(value.doseMg);
  if (Number.isNaN(occurred) || !Number.isFinite(doseMg)) return null;
  const vitals: VitalsReading[] = value.vitals
    .filter(
      (row) =>
        !isEmptyVitalsRow(row) &&
        !isBlank(row.systolic) &&
        !isBlank(row.diastolic) &&
        !isBlank(row.heartRate),
    )
    .map((row) => ({
      phase: row.phase,
      systolic: Number(row.systolic),
      diastolic: Number(row.diastolic),
      heartRate: Number(row.heartRate),
      spo2: isBlank(row.spo2) ? null : Number(row.spo2),
    }));
  let adverseEvents: AdverseEventRecord[] | null = null;
  if (value.adverseAnswer === 'none') adverseEvents = [];
  else if (value.adverseAnswer === 'some') {
    adverseEvents = value.adverseEvents
      .filter((row) => row.severity)
      .map((row) => ({
        type: row.type,
        severity: row.severity as AdverseEventRecord['severity'],
        reportedToOnCallAt: row.reportedToOnCallAt
          ? instantOn(value.occurredAt, row.reportedToOnCallAt)
          : null,
      }));
  }
  const boosterMg = isBlank(value.boosterMg) ? null : Number(value.boosterMg);
  return {
    id: '',
    kind: 'dosing',
    occurredAt: new Date(occurred).toISOString(),
    courseId: value.courseId || null,
    durationMinutes: Number(value.durationMinutes ?? 0),
    dosing: {
      route: value.route,
      doseMg,
      booster:
        boosterMg !== null && Number.isFinite(boosterMg)
          ? { doseMg: boosterMg, at: instantOn(value.occurredAt, value.boosterAt) }
          : null,
      vitals,
      adverseEvents,
    },
  };
}

/** The course's orders as the rules read them (copied as ordered; nothing is computed here). */
function ordersOf(course: Course | null): CourseOrders | null {
  if (!course) return null;
  return {
    maxDosingSessionsPerWeek: course.dosePlan?.maxDosingSessionsPerWeek ?? null,
    dosePlan: course.dosePlan,
    vitalsLimits: course.vitalsLimits,
  };
}

const ELIGIBILITY_WORDS: Readonly<Record<string, string>> = {
  pending_intake: 'intake pending',
  medical_clearance_required: 'medical clearance required',
  not_eligible: 'not eligible',
};

const PRESCRIPTION_WORDS: Readonly<Record<string, string>> = {
  none: 'none recorded',
  paused: 'paused',
  discontinued: 'discontinued',
};

/** "100–300 mg", "up to 300 mg", "from 100 mg", or '' when the plan states no dose. */
function planRange(course: Course | null): string {
  const plan = course?.dosePlan;
  if (!plan) return '';
  if (plan.doseMgMin != null && plan.doseMgMax != null) return `${plan.doseMgMin}–${plan.doseMgMax} mg`;
  if (plan.doseMgMax != null) return `up to ${plan.doseMgMax} mg`;
  if (plan.doseMgMin != null) return `from ${plan.doseMgMin} mg`;
  return '';
}

/**
 * The warnings saving the form would bring, computed by the shared course rules (the same the API
 * runs), each as a phrase: "this dose is outside the plan of 100–300 mg". Never a reason not to save.
 */
export function doseChecks(value: SessionFormValue, context: DoseCheckContext): DoseCheck[] {
  const session = sessionUnderReview(value);
  if (!session?.dosing) return [];
  const codes = sessionWarnings(
    session,
    context.sessions,
    ordersOf(context.course),
    context.statusHistory,
  ).sort((a, b) => rank(a) - rank(b));
  const status = mergeMedicalStatus(context.statusHistory, session.occurredAt);
  const total = totalDoseMg(session.dosing);
  const plan = context.course?.dosePlan;
  const phrase = (code: SessionWarning): string => {
    switch (code) {
      case 'dose_outside_plan': {
        if (plan && session.dosing?.route !== plan.route)
          return `the route is not the plan’s (${ROUTE_LABELS[plan.route].toLowerCase()})`;
        const range = planRange(context.course);
        return `this dose${session.dosing?.booster ? ' with its booster' : ''} (${total} mg) is outside the plan${range ? ` of ${range}` : ''}`;
      }
      case 'not_cleared_for_dosing':
        return `the medical team has not marked the patient eligible (${status?.eligibility ? (ELIGIBILITY_WORDS[status.eligibility] ?? status.eligibility) : 'no status recorded'})`;
      case 'prescription_not_active':
        return `no active prescription is recorded (${status?.prescription ? (PRESCRIPTION_WORDS[status.prescription.status] ?? status.prescription.status) : 'none recorded'})`;
      case 'doses_authorized_exceeded': {
        const count = dosesUnderPrescription(session, context.sessions, status);
        return count
          ? `this would be dose ${count.given} of the ${count.authorized} the prescription authorizes`
          : 'more doses than the prescription authorizes';
      }
      case 'vitals_limits_not_ordered':
        return context.course
          ? 'the prescriber has not set vitals limits for this course'
          : 'the dose has no course, so no vitals limits apply';
      case 'vitals_out_of_range': {
        const limits = vitalsLimitsText(context.course?.vitalsLimits);
        return `a reading is outside the prescriber’s limits${limits ? ` (${limits})` : ''}`;
      }
      case 'vitals_missing':
        return 'a pre-dose or post-dose reading is not entered';
      case 'dosing_without_preparation':
        return 'no preparation session is recorded before this dose';
      case 'dosing_frequency_exceeded':
        return `more dosing sessions within 7 days than the plan allows (at most ${plan?.maxDosingSessionsPerWeek ?? 2})`;
      case 'integration_missing':
        return 'the previous dose has no integration session after it';
      case 'serious_adverse_event':
        return 'a serious adverse event will raise an urgent alert';
      case 'severe_adverse_event':
        return 'a severe adverse event will raise an alert';
      case 'on_call_not_informed':
        return 'the serious adverse event has no time the on-call line was told';
      default:
        return String(code).replace(/_/g, ' ');
    }
  };
  return codes.map((code) => ({ code, phrase: phrase(code) }));
}

/** "Before you save: this dose is outside the plan of 100–300 mg; the medical team has not …." */
export function doseChecksSentence(checks: readonly DoseCheck[]): string {
  if (checks.length === 0) return '';
  return `Before you save: ${checks.map((check) => check.phrase).join('; ')}.`;
}
