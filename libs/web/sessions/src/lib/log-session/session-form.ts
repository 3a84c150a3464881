import type {
  AdministrationRoute,
  AdverseEvent,
  AdverseEventSeverity,
  Course,
  CreateSessionRequest,
  DoseLabel,
  DosingRecord,
  SessionKind,
  SessionSetting,
  VitalsPhase,
  VitalsReadingRecord,
} from '@kap/shared/contracts';
import { implausibleSessionValues, type FieldProblem } from '@kap/shared/domain';
import { clinicCalendar } from '@kap/web/core/calendar';

/** The form's values, as the inputs hold them: numbers may be empty, times are `HH:mm`. */
export interface VitalsRow {
  phase: VitalsPhase;
  at: string;
  systolic: number | null;
  diastolic: number | null;
  heartRate: number | null;
  spo2: number | null;
}

export interface CheckRow {
  at: string;
  ok: boolean;
  note: string;
}

export interface AdverseEventRow {
  type: string;
  severity: AdverseEventSeverity | '';
  reportedToOnCallAt: string;
  action: string;
}

/** `''` = not answered yet (a documentation gap), `none` = explicitly none (sends `[]`). */
export type AdverseAnswer = '' | 'none' | 'some';

export interface SessionFormValue {
  kind: SessionKind;
  /** `YYYY-MM-DDTHH:mm` on the clinic's clock, the organization's zone (a datetime-local input). */
  occurredAt: string;
  durationMinutes: number | null;
  setting: SessionSetting;
  courseId: string;
  route: AdministrationRoute | '';
  doseLabel: DoseLabel | '';
  doseMg: number | null;
  boosterMg: number | null;
  boosterAt: string;
  vitals: VitalsRow[];
  chaperoneName: string;
  checks: CheckRow[];
  adverseAnswer: AdverseAnswer;
  adverseEvents: AdverseEventRow[];
}

export const DEFAULT_DURATION = 60;
export const DEFAULT_DOSING_DURATION = 120;

export function defaultDuration(kind: SessionKind): number {
  return kind === 'dosing' ? DEFAULT_DOSING_DURATION : DEFAULT_DURATION;
}

/** `HH:mm` on the clinic's clock of a `YYYY-MM-DDTHH:mm` start plus some minutes ('' when unreadable). */
export function timeAfter(occurredAt: string, minutes: number): string {
  const start = clinicCalendar.instantOfInput(occurredAt);
  if (Number.isNaN(start)) return '';
  // Added to the instant, not the clock: 120 minutes from 01:00 on a spring-forward night end at 04:00.
  return clinicCalendar.inputValue(start + minutes * 60_000).slice(11, 16);
}

export function vitalsRow(phase: VitalsPhase, at: string): VitalsRow {
  return { phase, at, systolic: null, diastolic: null, heartRate: null, spo2: null };
}

/** A pre-dose reading at the start and a post-dose reading at the planned end. */
export function defaultVitals(occurredAt: string, durationMinutes: number): VitalsRow[] {
  return [
    vitalsRow('pre', timeAfter(occurredAt, 0)),
    vitalsRow('post', timeAfter(occurredAt, durationMinutes)),
  ];
}

/** The course a session belongs to by default: the current one (not completed or discontinued). */
export function currentCourse(courses: readonly Course[]): Course | null {
  return courses.find((course) => course.phase !== 'completed' && course.phase !== 'discontinued') ?? null;
}

/**
 * The instant of a time of day (clinic time) on the session's date. A time more than an hour before
 * the session's start is read as the next day (a session running past midnight).
 */
export function instantOn(occurredAt: string, time: string): string {
  const start = clinicCalendar.instantOfInput(occurredAt);
  const day = occurredAt.slice(0, 10);
  let at = clinicCalendar.instantOfInput(`${day}T${time}`);
  if (Number.isNaN(at) || Number.isNaN(start)) return '';
  if (start - at > 3_600_000) at = clinicCalendar.instantOfInput(`${nextDay(day)}T${time}`);
  return new Date(at).toISOString();
}

/** The calendar day after a `YYYY-MM-DD` one (a day on the calendar, whatever the zone's clocks do). */
function nextDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}

const isBlank = (value: number | null | string) => value === null || value === '';
const numberOf = (value: number | null) => (value === null ? Number.NaN : Number(value));

/** A vitals row nobody typed a number into is left out (a reading not taken). */
export function isEmptyVitalsRow(row: VitalsRow): boolean {
  return [row.systolic, row.diastolic, row.heartRate, row.spo2].every(isBlank);
}

/** The request body of `POST /api/patients/:id/sessions` for the form's values. */
export function buildSessionBody(value: SessionFormValue): CreateSessionRequest {
  const body: CreateSessionRequest = {
    kind: value.kind,
    occurredAt: new Date(clinicCalendar.instantOfInput(value.occurredAt)).toISOString(),
    durationMinutes: numberOf(value.durationMinutes),
    setting: value.setting,
  };
  if (value.courseId) body.courseId = value.courseId;
  if (value.kind === 'dosing') body.dosing = buildDosingRecord(value);
  return body;
}

export function buildDosingRecord(value: SessionFormValue): DosingRecord {
  const vitals: VitalsReadingRecord[] = value.vitals
    .filter((row) => !isEmptyVitalsRow(row))
    .map((row) => ({
      at: instantOn(value.occurredAt, row.at),
      phase: row.phase,
      systolic: numberOf(row.systolic),
      diastolic: numberOf(row.diastolic),
      heartRate: numberOf(row.heartRate),
      ...(isBlank(row.spo2) ? {} : { spo2: numberOf(row.spo2) }),
    }));
  const record: DosingRecord = {
    route: value.route as AdministrationRoute,
    doseLabel: value.doseLabel as DoseLabel,
    doseMg: numberOf(value.doseMg),
    vitals,
  };
  if (!isBlank(value.boosterMg))
    record.booster = { doseMg: numberOf(value.boosterMg), at: instantOn(value.occurredAt, value.boosterAt) };
  if (value.setting !== 'in_person' && value.chaperoneName.trim()) {
    record.chaperone = {
      name: value.chaperoneName.trim(),
      checks: value.checks
        .filter((check) => check.at)
        .map((check) => ({
          at: instantOn(value.occurredAt, check.at),
          ok: check.ok,
          ...(check.note.trim() ? { note: check.note.trim() } : {}),
        })),
    };
  }
  if (value.adverseAnswer === 'none') record.adverseEvents = [];
  else if (value.adverseAnswer === 'some')
    record.adverseEvents = value.adverseEvents.map(adverseEvent(value.occurredAt));
  return record;
}

const adverseEvent =
  (occurredAt: string) =>
  (row: AdverseEventRow): AdverseEvent => ({
    type: row.type,
    severity: row.severity as AdverseEventSeverity,
    ...(row.reportedToOnCallAt ? { reportedToOnCallAt: instantOn(occurredAt, row.reportedToOnCallAt) } : {}),
    ...(row.action.trim() ? { action: row.action.trim() } : {}),
  });

/**
 * What the form can tell before asking the server, as the API would name it, all in one round:
 * required answers missing, and the physical bounds (the shared domain's, so the words are the
 * API's 400). A field gets one problem, the first found: "enter the reading" before its bounds.
 */
export function formProblems(value: SessionFormValue, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const dateOk = !Number.isNaN(clinicCalendar.instantOfInput(value.occurredAt));
  if (!dateOk) problems.push({ field: 'occurredAt', problem: 'enter the date and time' });
  if (isBlank(value.durationMinutes))
    problems.push({ field: 'durationMinutes', problem: 'enter the duration in minutes' });
  if (value.kind === 'dosing') {
    if (!value.route) problems.push({ field: 'dosing.route', problem: 'choose the route' });
    if (!value.doseLabel) problems.push({ field: 'dosing.doseLabel', problem: 'choose the dose label' });
    if (isBlank(value.doseMg))
      problems.push({ field: 'dosing.doseMg', problem: 'enter the milligrams taken' });
    if (!isBlank(value.boosterMg) && !value.boosterAt)
      problems.push({ field: 'dosing.booster.at', problem: 'enter the time of the booster' });
    let index = 0;
    for (const row of value.vitals) {
      if (isEmptyVitalsRow(row)) continue;
      if (!row.at) problems.push({ field: `dosing.vitals[${index}].at`, problem: 'enter the time' });
      for (const field of ['systolic', 'diastolic', 'heartRate'] as const) {
        if (isBlank(row[field]))
          problems.push({ field: `dosing.vitals[${index}].${field}`, problem: 'enter the reading' });
      }
      index++;
    }
    if (value.adverseAnswer === 'some') {
      if (value.adverseEvents.length === 0)
        problems.push({
          field: 'dosing.adverseEvents',
          problem: 'add the adverse events, or choose "No adverse events"',
        });
      value.adverseEvents.forEach((row, i) => {
        if (!row.type)
          problems.push({ field: `dosing.adverseEvents[${i}].type`, problem: 'choose what happened' });
        if (!row.severity)
          problems.push({ field: `dosing.adverseEvents[${i}].severity`, problem: 'choose the severity' });
      });
    }
  }
  // An unreadable date is already named above; checking the rest at "now" keeps it from failing twice.
  const body = buildSessionBody(dateOk ? value : { ...value, occurredAt: clinicCalendar.inputValue(now) });
  const dosing = body.dosing;
  const bounds = implausibleSessionValues(
    {
      kind: body.kind,
      occurredAt: body.occurredAt,
      courseId: body.courseId ?? null,
      durationMinutes: body.durationMinutes,
      dosing: dosing
        ? {
            doseMg: dosing.doseMg,
            booster: dosing.booster ?? null,
            vitals: dosing.vitals,
            adverseEvents: dosing.adverseEvents ?? null,
          }
        : null,
    },
    now,
  );
  const named = new Set(problems.map((p) => p.field));
  return [...problems, ...bounds.filter((p) => !named.has(p.field))];
}

/**
 * The time a reading of this phase is expected, from the session's start and length: pre-dose
 * at the start, during at the middle, post-dose at the end. '' when the start is unreadable.
 */
export function expectedReadingTime(
  phase: VitalsPhase,
  occurredAt: string,
  durationMinutes: number | null,
): string {
  const duration =
    durationMinutes !== null && Number(durationMinutes) > 0
      ? Number(durationMinutes)
      : DEFAULT_DOSING_DURATION;
  const offset = phase === 'pre' ? 0 : phase === 'mid' ? Math.round(duration / 2) : duration;
  return timeAfter(occurredAt, offset);
}

/**
 * The form control a field path of the API names: `dosing.vitals[0].systolic` → `vitals.0.systolic`.
 * Vitals are numbered among the readings sent, which skip empty rows: `rowOf` maps them back.
 */
export function controlPath(field: string, value: SessionFormValue): string | null {
  const special: Record<string, string> = {
    'dosing.booster.doseMg': 'boosterMg',
    'dosing.booster.at': 'boosterAt',
    'dosing.booster': 'boosterMg',
    'dosing.chaperone.name': 'chaperoneName',
    'dosing.chaperone': 'chaperoneName',
    'dosing.adverseEvents': 'adverseAnswer',
  };
  if (special[field]) return special[field];
  const vitals = /^dosing\.vitals\[(\d+)\]\.(\w+)$/.exec(field);
  if (vitals) {
    const row = sentVitalsRows(value)[Number(vitals[1])];
    return row === undefined ? null : `vitals.${row}.${vitals[2]}`;
  }
  const path = field.replace(/^dosing\./, '').replace(/\[(\d+)\]/g, '.$1');
  if (path.startsWith('chaperone.checks.')) return path.replace('chaperone.', '');
  return path;
}

/** Indexes (in the form) of the vitals rows that are sent. */
function sentVitalsRows(value: SessionFormValue): number[] {
  return value.vitals.flatMap((row, index) => (isEmptyVitalsRow(row) ? [] : [index]));
}
