import { toDisclosure } from './disclosure-mapper';

describe('toDisclosure', () => {
  it('names who disclosed, to whom, what and why', () => {
    expect(
      toDisclosure({
        id: 'd1',
        patient_id: 'p1',
        disclosed_at: new Date('2026-03-05T09:00:00.000Z'),
        disclosed_by: 'u1',
        disclosed_by_name: 'Dr Therapist',
        recipient_organization_id: 'm1',
        recipient_name: 'Medical Team',
        source: 'status_update',
        status_update_id: 'su1',
        categories: ['message', 'session_records'],
        session_ids: ['s1'],
        outcome_ids: [],
        note_ids: [],
        purpose: 'care coordination: question',
      }),
    ).toEqual({
      id: 'd1',
      patientId: 'p1',
      disclosedAt: '2026-03-05T09:00:00.000Z',
      disclosedBy: { id: 'u1', displayName: 'Dr Therapist' },
      recipient: { organizationId: 'm1', name: 'Medical Team' },
      source: 'status_update',
      statusUpdateId: 'su1',
      what: { categories: ['message', 'session_records'], sessionIds: ['s1'], outcomeIds: [], noteIds: [] },
      purpose: 'care coordination: question',
    });
  });
});
