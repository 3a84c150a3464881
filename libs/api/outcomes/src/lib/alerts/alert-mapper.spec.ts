import type { AlertSide } from '@kap/shared/contracts';
import { toAlert, type AlertRow } from './alert-mapper';

const practiceAck = {
  side: 'practice' as const,
  byId: 'therapist-1',
  byName: 'Alex Morgan',
  at: '2026-03-02T16:00:00.000Z',
  action: 'Called the patient; safety plan reviewed.',
};
const teamAck = {
  side: 'medical_team' as const,
  byId: 'prescriber-1',
  byName: 'Dr. Rivera',
  at: '2026-03-02T17:00:00.000Z',
  action: null,
};

const open: AlertRow = {
  id: 'alert-1',
  patient_id: 'patient-1',
  patient_name: 'Jo Lee',
  kind: 'suicidality_item_positive',
  severity: 'urgent',
  source_type: 'outcome',
  source_id: 'outcome-1',
  created_at: '2026-03-02T15:31:00.000Z',
  summary: 'PHQ-9 item 9 answered 2 on 2 March 2026.',
  escalated: false,
  team_counts: true,
  acknowledgements: null,
};

describe('toAlert', () => {
  it('maps the alert itself field by field', () => {
    expect(toAlert(open, 'practice')).toMatchObject({
      id: 'alert-1',
      patientId: 'patient-1',
      patientName: 'Jo Lee',
      kind: 'suicidality_item_positive',
      severity: 'urgent',
      createdAt: '2026-03-02T15:31:00.000Z',
      sourceType: 'outcome',
      sourceId: 'outcome-1',
      summary: 'PHQ-9 item 9 answered 2 on 2 March 2026.',
      escalated: false,
      acknowledgements: [],
    });
  });

  it.each<[string, Partial<AlertRow>, AlertSide, object]>([
    [
      'nobody has acknowledged, team counting: both sides awaited',
      {},
      'practice',
      {
        status: 'open',
        awaiting: ['practice', 'medical_team'],
        acknowledgedAt: null,
        acknowledgedBy: null,
        action: null,
      },
    ],
    [
      'nobody has acknowledged, no valid release: only the practice awaited',
      { team_counts: false },
      'practice',
      { status: 'open', awaiting: ['practice'] },
    ],
    [
      'the practice acknowledged, seen by the practice',
      { acknowledgements: [practiceAck] },
      'practice',
      {
        status: 'acknowledged',
        awaiting: ['medical_team'],
        acknowledgedAt: practiceAck.at,
        acknowledgedBy: { id: 'therapist-1', displayName: 'Alex Morgan' },
        action: practiceAck.action,
      },
    ],
    [
      'the practice acknowledged, seen by the medical team',
      { acknowledgements: [practiceAck] },
      'medical_team',
      {
        status: 'open',
        awaiting: ['medical_team'],
        acknowledgedAt: null,
        acknowledgedBy: null,
        action: null,
      },
    ],
    [
      'both sides acknowledged',
      { acknowledgements: [practiceAck, teamAck] },
      'medical_team',
      {
        status: 'acknowledged',
        awaiting: [],
        acknowledgedAt: teamAck.at,
        acknowledgedBy: { id: 'prescriber-1', displayName: 'Dr. Rivera' },
        action: null,
      },
    ],
  ])('when %s', (_, change, side, expected) => {
    expect(toAlert({ ...open, ...change }, side)).toMatchObject(expected);
  });

  it('lists every side’s acknowledgement in the order given', () => {
    const alert = toAlert({ ...open, acknowledgements: [practiceAck, teamAck] }, 'practice');
    expect(alert.acknowledgements).toEqual([
      {
        side: 'practice',
        by: { id: 'therapist-1', displayName: 'Alex Morgan' },
        at: practiceAck.at,
        action: practiceAck.action,
      },
      {
        side: 'medical_team',
        by: { id: 'prescriber-1', displayName: 'Dr. Rivera' },
        at: teamAck.at,
        action: null,
      },
    ]);
  });
});
