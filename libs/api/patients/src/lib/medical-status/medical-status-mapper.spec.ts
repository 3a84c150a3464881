import { currentMedicalStatus, toMedicalStatus, type MedicalStatusRow } from './medical-status-mapper';

function entry(id: string, asOf: string, fields: Partial<MedicalStatusRow> = {}): MedicalStatusRow {
  return {
    id,
    patient_id: 'patient-1',
    as_of: asOf,
    eligibility: null,
    prescription: null,
    next_follow_up_due: null,
    monitoring: null,
    note: null,
    source: 'medical_team',
    entered_by: 'user-1',
    entered_by_name: 'Dr. Rivera',
    created_at: asOf,
    ...fields,
  };
}

describe('toMedicalStatus', () => {
  it('maps an entry field by field, with who entered it', () => {
    const row = entry('s1', '2026-03-01T10:00:00.000Z', {
      eligibility: 'eligible',
      prescription: { status: 'active', dosesAuthorized: 6, route: 'sublingual' },
      next_follow_up_due: '2026-04-01',
      monitoring: 'on_track',
      note: 'Cleared after intake.',
      source: 'therapist_mirror',
      created_at: '2026-03-01T11:00:00.000Z',
    });
    expect(toMedicalStatus(row)).toEqual({
      id: 's1',
      patientId: 'patient-1',
      asOf: '2026-03-01T10:00:00.000Z',
      eligibility: 'eligible',
      prescription: { status: 'active', dosesAuthorized: 6, route: 'sublingual' },
      nextFollowUpDue: '2026-04-01',
      monitoring: 'on_track',
      note: 'Cleared after intake.',
      source: 'therapist_mirror',
      enteredBy: { id: 'user-1', displayName: 'Dr. Rivera' },
      createdAt: '2026-03-01T11:00:00.000Z',
    });
  });
});

describe('currentMedicalStatus', () => {
  it('is null without entries', () => {
    expect(currentMedicalStatus([])).toBeNull();
  });

  it('takes each field from the newest entry that states it, whatever order the rows come in', () => {
    const rows = [
      entry('s2', '2026-03-05T10:00:00.000Z', { note: 'Note only: blanks nothing.' }),
      entry('s1', '2026-03-01T10:00:00.000Z', { eligibility: 'eligible', monitoring: 'on_track' }),
      entry('s3', '2026-03-03T10:00:00.000Z', { monitoring: 'needs_attention' }),
    ];
    const current = currentMedicalStatus(rows);
    expect(current).toMatchObject({
      id: 's2',
      note: 'Note only: blanks nothing.',
      eligibility: 'eligible',
      monitoring: 'needs_attention',
      fieldsAsOf: { eligibility: '2026-03-01T10:00:00.000Z', monitoring: '2026-03-03T10:00:00.000Z' },
    });
    expect(current?.prescription).toBeNull();
  });
});
