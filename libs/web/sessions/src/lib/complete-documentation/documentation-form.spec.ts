import type { DocumentationGap, Session } from '@kap/shared/contracts';
import { timelineEntries } from '../timeline/patient-timeline';
import {
  documentationBody,
  documentationControlPath,
  documentationProblems,
  editableGaps,
  startingValue,
  type DocumentationFormValue,
} from './documentation-form';

/** A dose at 10:00 local time lasting 120 minutes, with only the pre-dose reading recorded. */
const occurredAt = new Date(2026, 10, 20, 10, 0).toISOString();
const dose = (over: Partial<Session> = {}): Session => ({
  id: 's1',
  patientId: 'p1',
  courseId: 'c1',
  kind: 'dosing',
  occurredAt,
  durationMinutes: 120,
  setting: 'in_person',
  dosing: {
    route: 'sublingual',
    doseLabel: 'half_dissociative',
    doseMg: 200,
    vitals: [{ at: occurredAt, phase: 'pre', systolic: 130, diastolic: 82, heartRate: 72 }],
    adverseEvents: null,
  },
  warnings: [],
  documentationComplete: false,
  documentationMissing: ['post_vitals', 'adverse_events', 'signed_note'],
  integrationDueOn: null,
  recordedBy: { id: 'u1', displayName: 'Therapist' },
  version: 3,
  createdAt: occurredAt,
  updatedAt: occurredAt,
  ...over,
});

const postReading = {
  phase: 'post' as const,
  at: '11:50',
  systolic: 126,
  diastolic: 80,
  heartRate: 76,
  spo2: 98,
};
const value = (over: Partial<DocumentationFormValue> = {}): DocumentationFormValue => ({
  readings: [postReading],
  adverseAnswer: 'none',
  adverseEvents: [],
  ...over,
});
const now = new Date(2026, 10, 21);

describe('completing a dose’s documentation', () => {
  it.each<[string, DocumentationGap[], DocumentationGap[]]>([
    [
      'readings and answer missing',
      ['pre_vitals', 'post_vitals', 'adverse_events', 'signed_note'],
      ['pre_vitals', 'post_vitals', 'adverse_events'],
    ],
    ['only the note missing', ['signed_note'], []],
    ['nothing missing', [], []],
  ])('%s → the form offers %p', (_name, missing, editable) => {
    expect(editableGaps({ documentationMissing: missing })).toEqual(editable);
  });

  it('starts with an empty row for each missing reading, at the start and at the recorded end', () => {
    const start = startingValue(dose({ documentationMissing: ['pre_vitals', 'post_vitals'] }));
    expect(start.readings.map((row) => [row.phase, row.at, row.systolic])).toEqual([
      ['pre', '10:00', null],
      ['post', '12:00', null],
    ]);
    expect(start.adverseAnswer).toBe('');
    expect(startingValue(dose()).readings.map((row) => row.phase)).toEqual(['post']);
  });

  it('sends the recorded dosing record back with the new reading appended and "none" as []', () => {
    const body = documentationBody(dose(), value());
    expect(body).toEqual({
      dosing: {
        route: 'sublingual',
        doseLabel: 'half_dissociative',
        doseMg: 200,
        vitals: [
          { at: occurredAt, phase: 'pre', systolic: 130, diastolic: 82, heartRate: 72 },
          {
            at: new Date(2026, 10, 20, 11, 50).toISOString(),
            phase: 'post',
            systolic: 126,
            diastolic: 80,
            heartRate: 76,
            spo2: 98,
          },
        ],
        adverseEvents: [],
      },
    });
  });

  it('leaves an empty row out and the answer unset when none is chosen', () => {
    const body = documentationBody(
      dose(),
      value({
        readings: [{ ...postReading, systolic: null, diastolic: null, heartRate: null, spo2: null }],
        adverseAnswer: '',
      }),
    );
    expect(body.dosing?.vitals).toHaveLength(1);
    expect(body.dosing?.adverseEvents).toBeNull();
  });

  it('lists the adverse events when some occurred', () => {
    const body = documentationBody(
      dose(),
      value({
        adverseAnswer: 'some',
        adverseEvents: [{ type: 'nausea', severity: 'mild', reportedToOnCallAt: '', action: ' ginger tea ' }],
      }),
    );
    expect(body.dosing?.adverseEvents).toEqual([{ type: 'nausea', severity: 'mild', action: 'ginger tea' }]);
  });

  it.each<[string, Partial<DocumentationFormValue>, { field: string; problem: string }[]]>([
    ['a complete reading and "none"', {}, []],
    [
      'nothing entered',
      {
        readings: [{ ...postReading, systolic: null, diastolic: null, heartRate: null, spo2: null }],
        adverseAnswer: '',
      },
      [
        {
          field: 'form',
          problem: 'nothing to save yet: enter the missing reading or answer the adverse-events question',
        },
      ],
    ],
    [
      'a half-typed reading',
      { readings: [{ ...postReading, diastolic: null, at: '' }] },
      [
        { field: 'readings.0.at', problem: 'enter the time' },
        { field: 'readings.0.diastolic', problem: 'enter the reading' },
      ],
    ],
    [
      '"some" without events',
      { adverseAnswer: 'some' },
      [{ field: 'adverseAnswer', problem: 'add the adverse events, or choose "No adverse events"' }],
    ],
    [
      'an event without severity',
      {
        adverseAnswer: 'some',
        adverseEvents: [{ type: 'nausea', severity: '', reportedToOnCallAt: '', action: '' }],
      },
      [{ field: 'adverseEvents.0.severity', problem: 'choose the severity' }],
    ],
    [
      'an impossible reading',
      { readings: [{ ...postReading, systolic: 70, diastolic: 80 }] },
      [{ field: 'readings.0.diastolic', problem: 'must be below the systolic pressure; check the reading' }],
    ],
    [
      'a blank and an impossible value, both in one round',
      { readings: [{ ...postReading, systolic: 400, diastolic: null, heartRate: 10 }] },
      [
        { field: 'readings.0.diastolic', problem: 'enter the reading' },
        { field: 'readings.0.systolic', problem: 'must be from 50 to 300; check the reading' },
        { field: 'readings.0.heartRate', problem: 'must be from 20 to 250; check the reading' },
      ],
    ],
  ])('%s → %p', (_name, over, problems) => {
    expect(documentationProblems(dose(), value(over), now)).toEqual(problems);
  });

  it('maps the API’s field paths to the rows of this form, skipping recorded readings and empty rows', () => {
    const form = value({
      readings: [
        { ...postReading, phase: 'pre', systolic: null, diastolic: null, heartRate: null, spo2: null },
        postReading,
      ],
    });
    expect(documentationControlPath('dosing.vitals[1].heartRate', dose(), form)).toBe('readings.1.heartRate');
    expect(documentationControlPath('dosing.vitals[0].heartRate', dose(), form)).toBeNull();
    expect(documentationControlPath('dosing.adverseEvents[0].type', dose(), form)).toBe(
      'adverseEvents.0.type',
    );
    expect(documentationControlPath('dosing.adverseEvents', dose(), form)).toBe('adverseAnswer');
    expect(documentationControlPath('occurredAt', dose(), form)).toBeNull();
  });

  it('links the timeline entry to the form only while a reading or the answer is missing', () => {
    const [open, noteOnly] = timelineEntries(
      [dose(), dose({ id: 's2', documentationMissing: ['signed_note'] })],
      [],
    );
    expect(open.completeLink).toBe('/patients/p1/sessions/s1/edit');
    expect(noteOnly.completeLink).toBeNull();
  });
});
