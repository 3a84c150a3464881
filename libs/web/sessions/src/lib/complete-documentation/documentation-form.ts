import type {
  AdverseEvent,
  AdverseEventSeverity,
  DocumentationGap,
  Session,
  UpdateSessionRequest,
  VitalsReadingRecord,
} from '@kap/shared/contracts';
import { implausibleSessionValues, type FieldProblem } from '@kap/shared/domain';
import { clinicDateTimeValue } from '../display/session-labels';
import {
  instantOn,
  isEmptyVitalsRow,
  timeAfter,
  vitalsRow,
  type AdverseAnswer,
  type AdverseEventRow,
  type VitalsRow,
} from '../log-session/session-form';

/**
 * Completing a logged dose: the readings and the adverse-events answer it lacks, added after the
 * fact. The signed note is written in the note editor, so it is not a gap this form can close.
 */
export interface DocumentationFormValue {
  /** New readings only; the ones already recorded are kept as they are. */
  readings: VitalsRow[];
  adverseAnswer: AdverseAnswer;
  adverseEvents: AdverseEventRow[];
}

/** The gaps a `PATCH /api/sessions/:id` can close (everything but the signed note). */
export const EDITABLE_GAPS: readonly DocumentationGap[] = ['pre_vitals', 'post_vitals', 'adverse_events'];

export function editableGaps(session: Pick<Session, 'documentationMissing'>): DocumentationGap[] {
  return session.documentationMissing.filter((gap) => EDITABLE_GAPS.includes(gap));
}

/** The session's start as the time inputs read it: `YYYY-MM-DDTHH:mm` on the clinic's clock. */
export function sessionStart(session: Pick<Session, 'occurredAt'>): string {
  return clinicDateTimeValue(new Date(session.occurredAt));
}

/** One empty row per missing reading: pre-dose at the start, post-dose at the recorded end. */
export function startingValue(
  session: Pick<Session, 'occurredAt' | 'durationMinutes' | 'documentationMissing'>,
): DocumentationFormValue {
  const start = sessionStart(session);
  const readings: VitalsRow[] = [];
  if (session.documentationMissing.includes('pre_vitals'))
    readings.push(vitalsRow('pre', timeAfter(start, 0)));
  if (session.documentationMissing.includes('post_vitals'))
    readings.push(vitalsRow('post', timeAfter(start, session.durationMinutes)));
  return { readings, adverseAnswer: '', adverseEvents: [] };
}

const isBlank = (value: number | string | null) => value === null || value === '';

/** True when the form would change nothing: every new row empty and no answer chosen. */
export function isUnchanged(value: DocumentationFormValue): boolean {
  return value.readings.every(isEmptyVitalsRow) && value.adverseAnswer === '';
}

/**
 * The `PATCH` body. The API replaces the dosing record as a whole, so the recorded one is sent
 * back with the new readings appended (in time order) and, when answered, the adverse events.
 */
export function documentationBody(
  session: Pick<Session, 'occurredAt' | 'dosing'>,
  value: DocumentationFormValue,
): UpdateSessionRequest {
  if (!session.dosing) throw new Error('only a dosing session has documentation to complete');
  const start = sessionStart(session);
  const added: VitalsReadingRecord[] = value.readings
    .filter((row) => !isEmptyVitalsRow(row))
    .map((row) => ({
      at: instantOn(start, row.at),
      phase: row.phase,
      systolic: Number(row.systolic),
      diastolic: Number(row.diastolic),
      heartRate: Number(row.heartRate),
      ...(isBlank(row.spo2) ? {} : { spo2: Number(row.spo2) }),
    }));
  const dosing = { ...session.dosing, vitals: [...session.dosing.vitals, ...added] };
  if (value.adverseAnswer === 'none') dosing.adverseEvents = [];
  else if (value.adverseAnswer === 'some') {
    dosing.adverseEvents = value.adverseEvents.map(
      (row): AdverseEvent => ({
        type: row.type,
        severity: row.severity as AdverseEventSeverity,
        ...(row.reportedToOnCallAt ? { reportedToOnCallAt: instantOn(start, row.reportedToOnCallAt) } : {}),
        ...(row.action.trim() ? { action: row.action.trim() } : {}),
      }),
    );
  }
  return { dosing };
}

/**
 * What the form can tell before asking the server, named by form path (`readings.0.systolic`,
 * `adverseAnswer`, `adverseEvents.0.type`): missing answers and the shared physical bounds (the
 * API's words), mapped back to the rows they came from, all in one round; one problem a field.
 */
export function documentationProblems(
  session: Session,
  value: DocumentationFormValue,
  now: Date,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (isUnchanged(value)) {
    return [
      {
        field: 'form',
        problem: 'nothing to save yet: enter the missing reading or answer the adverse-events question',
      },
    ];
  }
  value.readings.forEach((row, i) => {
    if (isEmptyVitalsRow(row)) return;
    if (!row.at) problems.push({ field: `readings.${i}.at`, problem: 'enter the time' });
    for (const field of ['systolic', 'diastolic', 'heartRate'] as const) {
      if (isBlank(row[field]))
        problems.push({ field: `readings.${i}.${field}`, problem: 'enter the reading' });
    }
  });
  if (value.adverseAnswer === 'some') {
    if (value.adverseEvents.length === 0)
      problems.push({
        field: 'adverseAnswer',
        problem: 'add the adverse events, or choose "No adverse events"',
      });
    value.adverseEvents.forEach((row, i) => {
      if (!row.type) problems.push({ field: `adverseEvents.${i}.type`, problem: 'choose what happened' });
      if (!row.severity)
        problems.push({ field: `adverseEvents.${i}.severity`, problem: 'choose the severity' });
    });
  }
  const dosing = documentationBody(session, value).dosing;
  if (!dosing) return problems;
  const implausible = implausibleSessionValues(
    {
      kind: session.kind,
      occurredAt: session.occurredAt,
      courseId: session.courseId,
      durationMinutes: session.durationMinutes,
      dosing: {
        doseMg: dosing.doseMg,
        booster: dosing.booster ?? null,
        vitals: dosing.vitals,
        adverseEvents: dosing.adverseEvents ?? null,
      },
    },
    now,
  );
  // Only what this form added can be corrected here; a recorded value the rules now refuse is the server's to name.
  const named = new Set(problems.map((p) => p.field));
  const bounds = implausible.flatMap((problem) => {
    const field = documentationControlPath(problem.field, session, value);
    return field && !named.has(field) ? [{ field, problem: problem.problem }] : [];
  });
  return [...problems, ...bounds];
}

/**
 * The form path of a field the API names: `dosing.vitals[3].systolic` → `readings.1.systolic`
 * when two readings were recorded before (empty rows are not sent, so they are skipped), and
 * `dosing.adverseEvents[0].type` → `adverseEvents.0.type`. Null for anything the form does not hold.
 */
export function documentationControlPath(
  field: string,
  session: Pick<Session, 'dosing'>,
  value: DocumentationFormValue,
): string | null {
  if (field === 'dosing.adverseEvents') return 'adverseAnswer';
  const vitals = /^dosing\.vitals\[(\d+)\]\.(\w+)$/.exec(field);
  if (vitals) {
    const sent = value.readings.flatMap((row, index) => (isEmptyVitalsRow(row) ? [] : [index]));
    const row = sent[Number(vitals[1]) - (session.dosing?.vitals.length ?? 0)];
    return row === undefined ? null : `readings.${row}.${vitals[2]}`;
  }
  const event = /^dosing\.adverseEvents\[(\d+)\]\.(\w+)$/.exec(field);
  if (event) return `adverseEvents.${event[1]}.${event[2]}`;
  return null;
}
