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

describe('toCourse', () => {
  it('maps a course with its orders field by field', () => {
    expect(toCourse(ordered)).toEqual({
      id: 'course-1',
      patientId: 'patient-1',
      indication: 'ptsd',
      phase: 'dosing',
      startedOn: '2026-02-01',
      plannedDosingSessions: 6,
      dosePlan: { route: 'sublingual', doseMgMin: 100, doseMgMax: 200 },
      vitalsLimits: { systolicMax: 160 },
      version: 3,
      createdAt: '2026-02-01T14:00:00.000Z',
      updatedAt: '2026-02-20T09:30:00.000Z',
    });
  });

  it('keeps null for orders and a planned count not given', () => {
    const referred = toCourse({
      ...ordered,
      phase: 'referred',
      planned_dosing_sessions: null,
      dose_plan: null,
      vitals_limits: null,
    });
    expect(referred).toMatchObject({
      phase: 'referred',
      plannedDosingSessions: null,
      dosePlan: null,
      vitalsLimits: null,
    });
  });

  it('hands the orders on untouched (the software never adjusts a dose)', () => {
    const course = toCourse(ordered);
    expect(course.dosePlan).toBe(ordered.dose_plan);
    expect(course.vitalsLimits).toBe(ordered.vitals_limits);
  });
});
