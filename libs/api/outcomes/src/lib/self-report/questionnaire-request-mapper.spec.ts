import {
  questionnaireStatusSql,
  toQuestionnaireRequest,
  type QuestionnaireRequestRow,
} from './questionnaire-request-mapper';

const row: QuestionnaireRequestRow = {
  id: 'request-1',
  patient_id: 'patient-1',
  course_id: 'course-1',
  instruments: ['PHQ9', 'GAD7'],
  created_by: 'therapist-1',
  created_at: '2026-03-01T12:00:00.000Z',
  expires_at: '2026-03-04T12:00:00.000Z',
  completed_at: null,
  cancelled_at: null,
  mailed_at: '2026-03-01T12:00:01.000Z',
  status: 'open',
};

describe('toQuestionnaireRequest', () => {
  it('maps a therapist’s mailed request field by field', () => {
    expect(toQuestionnaireRequest(row)).toEqual({
      id: 'request-1',
      patientId: 'patient-1',
      courseId: 'course-1',
      instruments: ['PHQ9', 'GAD7'],
      status: 'open',
      createdAt: '2026-03-01T12:00:00.000Z',
      expiresAt: '2026-03-04T12:00:00.000Z',
      completedAt: null,
      cancelledAt: null,
      origin: 'therapist',
      mailed: true,
    });
  });

  it('names a request without a creating user as the plan’s, and one never mailed as not mailed', () => {
    expect(toQuestionnaireRequest({ ...row, created_by: null, mailed_at: null })).toMatchObject({
      origin: 'plan',
      mailed: false,
    });
  });
});

describe('questionnaireStatusSql', () => {
  it('judges the row named by the alias against the clock placeholder, cancelled and completed first', () => {
    const sql = questionnaireStatusSql('r', '$7');
    expect(sql.indexOf('r.cancelled_at IS NOT NULL')).toBeLessThan(sql.indexOf('r.completed_at IS NOT NULL'));
    expect(sql.indexOf('r.completed_at IS NOT NULL')).toBeLessThan(
      sql.indexOf('r.expires_at <= $7::timestamptz'),
    );
    expect(sql).toMatch(/ELSE 'open' END$/);
  });
});
