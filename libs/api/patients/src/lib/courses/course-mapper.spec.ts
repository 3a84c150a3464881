import { toCourse, type CourseRow } from './course-mapper';

const ordered: CourseRow = {
  id: 'course-1',
  patient_id: 'patient-1',
  indication: 'ptsd',
  phase: 'dosing',
  started_on: '2026-02-01',
  planned_dosing_sessions: 6,
  dose_plan: { route: 'sublingual', doseMgMin: 100, doseMgMax: 200 },
  vitals_limits: { systolicMax: 160 },
  version: 3,
  created_at: '2026-02-01T14:00:00.000Z',
  updated_at: '2026-02-20T09:30:00.000Z',
};

const cases: [string, CourseRow][] = [
  ['a course with the orders as given', ordered],
  [
    'a course without orders or a planned count',
    { ...ordered, planned_dosing_sessions: null, dose_plan: null, vitals_limits: null, phase: 'referred' },
  ],
];

describe('toCourse', () => {
  it.each(cases)('maps %s field by field', (_, row) => {
    expect(toCourse(row)).toEqual({
      id: row.id,
      patientId: row.patient_id,
      indication: row.indication,
      phase: row.phase,
      startedOn: row.started_on,
      plannedDosingSessions: row.planned_dosing_sessions,
      dosePlan: row.dose_plan,
      vitalsLimits: row.vitals_limits,
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
  });

  it('hands the orders on untouched (the software never adjusts a dose)', () => {
    const course = toCourse(ordered);
    expect(course.dosePlan).toBe(ordered.dose_plan);
    expect(course.vitalsLimits).toBe(ordered.vitals_limits);
  });
});
