import type { Course, MedicalStatus } from '@kap/shared/contracts';
import { doseChecks, doseChecksSentence, sessionUnderReview } from './dose-checks';
import type { SessionFormValue } from './session-form';

const course = (over: Partial<Course> = {}): Course => ({
  id: 'c1',
  patientId: 'p1',
  indication: 'treatment_resistant_depression',
  phase: 'dosing',
  startedOn: '2026-10-01',
  plannedDosingSessions: 6,
  dosePlan: { route: 'sublingual', doseMgMin: 100, doseMgMax: 300, maxDosingSessionsPerWeek: 2 },
  vitalsLimits: { systolicMax: 140, diastolicMax: 90, heartRateMax: 110, systolicMin: 90 },
  version: 1,
  createdAt: '2026-10-01T09:00:00Z',
  updatedAt: '2026-10-01T09:00:00Z',
  ...over,
});

const entry = (over: Partial<MedicalStatus>): MedicalStatus => ({
  id: 's1',
  patientId: 'p1',
  asOf: '2026-11-01T09:00:00Z',
  eligibility: null,
  prescription: null,
  nextFollowUpDue: null,
  monitoring: null,
  note: null,
  source: 'medical_team',
  enteredBy: { id: 'u1', displayName: 'Dr. Morales' },
  createdAt: '2026-11-01T09:00:00Z',
  ...over,
});

const cleared = [
  entry({ id: 's1', eligibility: 'eligible' }),
  entry({ id: 's2', asOf: '2026-11-02T09:00:00Z', prescription: { status: 'active', dosesAuthorized: 2 } }),
];
const preparation = {
  id: 'prep',
  kind: 'preparation' as const,
  occurredAt: '2026-11-10T10:00:00Z',
  courseId: 'c1',
};

const form = (over: Partial<SessionFormValue> = {}): SessionFormValue => ({
  kind: 'dosing',
  occurredAt: '2026-11-20T10:00',
  durationMinutes: 120,
  setting: 'in_person',
  courseId: 'c1',
  route: 'sublingual',
  doseLabel: 'half_dissociative',
  doseMg: 150,
  boosterMg: null,
  boosterAt: '',
  vitals: [
    { phase: 'pre', at: '10:00', systolic: 120, diastolic: 80, heartRate: 72, spo2: null },
    { phase: 'post', at: '12:00', systolic: 118, diastolic: 78, heartRate: 70, spo2: null },
  ],
  chaperoneName: '',
  checks: [],
  adverseAnswer: 'none',
  adverseEvents: [],
  ...over,
});

describe('dose checks before saving', () => {
  it('finds nothing for a dose within the orders of a cleared patient', () => {
    expect(doseChecks(form(), { course: course(), sessions: [preparation], statusHistory: cleared })).toEqual(
      [],
    );
  });

  it('names a dose outside the plan and a patient not cleared, in one sentence', () => {
    const checks = doseChecks(form({ doseMg: 450 }), {
      course: course(),
      sessions: [preparation],
      statusHistory: [
        entry({ eligibility: 'medical_clearance_required', prescription: { status: 'active' } }),
      ],
    });
    expect(checks.map((c) => c.code)).toEqual(['dose_outside_plan', 'not_cleared_for_dosing']);
    expect(doseChecksSentence(checks)).toBe(
      'Before you save: this dose (450 mg) is outside the plan of 100–300 mg; the medical team has not marked the patient eligible (medical clearance required).',
    );
  });

  it('counts the booster, names a wrong route, and says when no status or limits exist', () => {
    const withBooster = doseChecks(form({ doseMg: 250, boosterMg: 100, boosterAt: '10:40' }), {
      course: course(),
      sessions: [preparation],
      statusHistory: cleared,
    });
    expect(withBooster.map((c) => c.phrase)).toEqual([
      'this dose with its booster (350 mg) is outside the plan of 100–300 mg',
    ]);
    const wrongRoute = doseChecks(form({ route: 'intramuscular' }), {
      course: course({ vitalsLimits: null }),
      sessions: [preparation],
      statusHistory: [],
    });
    expect(wrongRoute.map((c) => c.phrase)).toEqual([
      'the route is not the plan’s (sublingual)',
      'the medical team has not marked the patient eligible (no status recorded)',
      'no active prescription is recorded (none recorded)',
      'the prescriber has not set vitals limits for this course',
    ]);
  });

  it('judges the status as it stood at the dose, and counts doses against the authorization', () => {
    const later = entry({ id: 's3', asOf: '2026-11-25T09:00:00Z', eligibility: 'not_eligible' });
    const doses = ['2026-11-05T10:00:00Z', '2026-11-12T10:00:00Z'].map((occurredAt, i) => ({
      id: `d${i}`,
      kind: 'dosing' as const,
      occurredAt,
      courseId: 'c1',
    }));
    const checks = doseChecks(form(), {
      course: course(),
      sessions: [preparation, ...doses],
      statusHistory: [...cleared, later],
    });
    expect(checks.map((c) => c.phrase)).toEqual([
      'this would be dose 3 of the 2 the prescription authorizes',
      'the previous dose has no integration session after it',
    ]);
  });

  it('reads readings below a minimum and a serious event without the on-call time', () => {
    const value = form({
      vitals: [
        { phase: 'pre', at: '10:00', systolic: 85, diastolic: 60, heartRate: 72, spo2: null },
        form().vitals[1],
      ],
      adverseAnswer: 'some',
      adverseEvents: [{ type: 'confusion', severity: 'serious', reportedToOnCallAt: '', action: '' }],
    });
    const codes = doseChecks(value, {
      course: course(),
      sessions: [preparation],
      statusHistory: cleared,
    }).map((c) => c.code);
    expect(codes).toEqual(['vitals_out_of_range', 'serious_adverse_event', 'on_call_not_informed']);
    const told = form({
      ...value,
      adverseEvents: [{ type: 'confusion', severity: 'serious', reportedToOnCallAt: '10:30', action: '' }],
    });
    expect(
      doseChecks(told, { course: course(), sessions: [preparation], statusHistory: cleared }).map(
        (c) => c.code,
      ),
    ).not.toContain('on_call_not_informed');
  });

  it('judges nothing until there is a dose to judge', () => {
    expect(sessionUnderReview(form({ doseMg: null }))).toBeNull();
    expect(sessionUnderReview(form({ kind: 'integration' }))).toBeNull();
    expect(sessionUnderReview(form({ route: '' }))).toBeNull();
    expect(doseChecksSentence([])).toBe('');
  });
});
