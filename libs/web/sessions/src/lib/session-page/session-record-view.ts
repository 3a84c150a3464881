import type {
  Alert,
  Chaperone,
  Course,
  DosingRecord,
  Note,
  Session,
  User,
  VitalsReadingRecord,
} from '@kap/shared/contracts';
import { vitalsBreaches, vitalsLimitsText, type VitalsBreach } from '@kap/shared/domain';
import { editableGaps } from '../complete-documentation/documentation-form';
import {
  ADVERSE_EVENT_LABELS,
  DOSE_LABEL_LABELS,
  formatDateTime,
  KIND_LABELS,
  NOTE_KIND_LABELS,
  noteKindAfter,
  PHASE_LABELS,
  ROUTE_LABELS,
  SETTING_LABELS,
  SEVERITY_LABELS,
} from '../display/session-labels';

/**
 * What a session's own page shows, in words, built from the API's answers: the page's template
 * only places them. Nothing here judges a dose anew: the readings are compared with the course's
 * limits by the shared domain's `vitalsBreaches`, the rules' verdict is the session's `warnings`.
 */

/** The page's heading: "Dosing session · 2 Dec 2026, 10:00". */
export function sessionHeading(session: Pick<Session, 'kind' | 'occurredAt'>): string {
  return `${KIND_LABELS[session.kind]} session · ${formatDateTime(session.occurredAt)}`;
}

/** "In person, 150 min · recorded by Dana Whitfield, LMFT". */
export function sessionFacts(session: Pick<Session, 'setting' | 'durationMinutes' | 'recordedBy'>): string {
  return `${SETTING_LABELS[session.setting]}, ${session.durationMinutes} min · recorded by ${session.recordedBy.displayName}`;
}

export interface DoseLine {
  term: string;
  value: string;
}

/** The dose as given: route, milligrams, dose label and any booster. */
export function doseLines(dosing: DosingRecord): DoseLine[] {
  const lines: DoseLine[] = [
    { term: 'Dose', value: `${dosing.doseMg} mg` },
    { term: 'Route', value: ROUTE_LABELS[dosing.route] ?? dosing.route },
    { term: 'Dose label', value: DOSE_LABEL_LABELS[dosing.doseLabel] ?? dosing.doseLabel },
  ];
  lines.push({
    term: 'Booster',
    value: dosing.booster ? `${dosing.booster.doseMg} mg at ${formatDateTime(dosing.booster.at)}` : 'None',
  });
  return lines;
}

/** One reading as a table row; a value outside the limits carries its mark in words. */
export interface VitalsRowView {
  at: string;
  phase: string;
  pressure: string;
  pressureMark: string;
  heartRate: string;
  heartRateMark: string;
  spo2: string;
  spo2Mark: string;
  outside: boolean;
}

const MARK: Readonly<Record<VitalsBreach['side'], string>> = {
  above: 'Above the limit',
  below: 'Below the limit',
};

const markOf = (breaches: readonly VitalsBreach[], value: VitalsBreach['value']): string => {
  const breach = breaches.find((b) => b.value === value);
  return breach ? MARK[breach.side] : '';
};

/** The readings in time order, each value judged against the course's limits (none without limits). */
export function vitalsRows(
  vitals: readonly VitalsReadingRecord[],
  limits: Course['vitalsLimits'] | undefined,
): VitalsRowView[] {
  return [...vitals]
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .map((reading) => {
      const breaches = vitalsBreaches(reading, limits);
      return {
        at: formatDateTime(reading.at),
        phase: PHASE_LABELS[reading.phase] ?? reading.phase,
        pressure: `${reading.systolic}/${reading.diastolic}`,
        pressureMark: markOf(breaches, 'blood_pressure'),
        heartRate: String(reading.heartRate),
        heartRateMark: markOf(breaches, 'heart_rate'),
        spo2: reading.spo2 === null || reading.spo2 === undefined ? 'Not taken' : `${reading.spo2}%`,
        spo2Mark: markOf(breaches, 'spo2'),
        outside: breaches.length > 0,
      };
    });
}

/**
 * The limits the readings are read against, in the log form's words; or why there are none
 * (never a limit of our own).
 */
export function limitsSentence(session: Pick<Session, 'courseId'>, course: Course | null): string {
  if (!session.courseId) return 'This session belongs to no course, so no vitals limits apply.';
  if (!course) return 'The course’s vitals limits could not be loaded, so the readings are not marked.';
  const limits = vitalsLimitsText(course.vitalsLimits);
  return limits
    ? `Limits as ordered by the prescriber: ${limits}.`
    : 'The prescriber has not set vitals limits for this course, so the readings are not checked.';
}

export interface AdverseEventView {
  type: string;
  severity: string;
  onCall: string;
  action: string;
}

/** The adverse-events answer: null when not answered yet, an empty list for "none". */
export function adverseEventViews(dosing: Pick<DosingRecord, 'adverseEvents'>): AdverseEventView[] | null {
  if (dosing.adverseEvents === null || dosing.adverseEvents === undefined) return null;
  return dosing.adverseEvents.map((event) => ({
    type: ADVERSE_EVENT_LABELS[event.type] ?? event.type,
    severity: SEVERITY_LABELS[event.severity] ?? event.severity,
    onCall: event.reportedToOnCallAt
      ? `Told ${formatDateTime(event.reportedToOnCallAt)}`
      : 'Not recorded as told',
    action: event.action?.trim() || 'None recorded',
  }));
}

export interface ChaperoneView {
  name: string;
  checks: { at: string; outcome: string; note: string }[];
}

/** The chaperone of a remote dose and their timed checks; null when none was recorded. */
export function chaperoneView(chaperone: Chaperone | null | undefined): ChaperoneView | null {
  if (!chaperone) return null;
  return {
    name: chaperone.name,
    checks: [...(chaperone.checks ?? [])]
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
      .map((check) => ({
        at: formatDateTime(check.at),
        outcome: check.ok ? 'All well' : 'Not all well',
        note: check.note?.trim() ?? '',
      })),
  };
}

export interface NoteRowView {
  id: string;
  link: string;
  text: string;
}

/** "Integration note · signed 2 Dec 2026, 14:00 · Dana Whitfield, LMFT", or "· draft ·". */
export function noteRow(note: Note): NoteRowView {
  const status = note.status === 'signed' ? `signed ${formatDateTime(note.signedAt)}` : 'draft';
  return {
    id: note.id,
    link: `/notes/${note.id}`,
    text: `${NOTE_KIND_LABELS[note.kind]} · ${status} · ${note.author.displayName}`,
  };
}

export interface AlertRowView {
  id: string;
  severity: Alert['severity'];
  summary: string;
  status: string;
}

/** The alerts this session raised, as the caller's side sees them. */
export function sessionAlerts(alerts: readonly Alert[], sessionId: string): AlertRowView[] {
  return alerts
    .filter((alert) => alert.sourceType === 'session' && alert.sourceId === sessionId)
    .map((alert) => ({
      id: alert.id,
      severity: alert.severity,
      summary: alert.summary?.trim() || 'An alert was raised for this session.',
      status: alert.status === 'open' ? 'Open' : 'Acknowledged',
    }));
}

/** What the signed-in person may do on the page; the medical team only reads. */
export interface SessionActions {
  /** "Write the integration note" with its query (session and kind), when no signed note exists. */
  writeNote: { text: string; link: string; query: { sessionId: string; kind: string } } | null;
  /** The caller's own draft about this session, to sign here. */
  signDraft: { note: Note; text: string } | null;
  /** The form that adds missing readings or the adverse-events answer. */
  completeLink: string | null;
}

export function sessionActions(
  session: Session,
  notes: readonly Note[],
  user: Pick<User, 'id' | 'role'> | null,
): SessionActions {
  const none: SessionActions = { writeNote: null, signDraft: null, completeLink: null };
  if (user?.role !== 'therapist') return none;
  const ofSession = notes.filter((note) => note.sessionId === session.id);
  const signed = ofSession.some((note) => note.status === 'signed');
  const draft = ofSession.find((note) => note.status === 'draft' && note.author.id === user.id) ?? null;
  const kind = noteKindAfter(session.kind);
  const noteWords = NOTE_KIND_LABELS[kind].toLowerCase();
  return {
    // With a draft of one's own, finishing it is the next step, not starting another.
    writeNote:
      signed || draft
        ? null
        : {
            text: `Write the ${noteWords}`,
            link: `/patients/${session.patientId}/notes/new`,
            query: { sessionId: session.id, kind },
          },
    signDraft:
      !signed && draft
        ? { note: draft, text: `Sign the ${NOTE_KIND_LABELS[draft.kind].toLowerCase()}` }
        : null,
    completeLink: editableGaps(session).length
      ? `/patients/${session.patientId}/sessions/${session.id}/edit`
      : null,
  };
}
