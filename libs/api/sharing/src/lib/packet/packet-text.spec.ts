import type { FollowUpPacket, PacketDosingSession } from '@kap/shared/contracts';
import { packetText } from './packet-text';

const empty: FollowUpPacket = {
  patientId: 'p1',
  patientName: 'Ada Lovelace',
  generatedAt: '2026-03-10T09:00:00.000Z',
  since: '2026-03-01',
  course: null,
  medicalStatus: null,
  dosingSessions: [],
  scores: [],
  openAlerts: [],
  openQuestions: [],
};

const dose: PacketDosingSession = {
  id: 's1',
  occurredAt: '2026-03-03T10:00:00.000Z',
  route: 'sublingual',
  doseMg: 150,
  doseLabel: 'half_dissociative',
  booster: null,
  vitals: [
    {
      at: '2026-03-03T09:55:00.000Z',
      phase: 'pre',
      systolic: 172,
      diastolic: 90,
      heartRate: 80,
      spo2: 97,
      outOfRange: ['systolic'],
    },
  ],
  vitalsLimits: { systolicMax: 160, diastolicMax: 100 },
  adverseEvents: null,
  documentationComplete: false,
  documentationMissing: ['post_vitals', 'adverse_events'],
};

describe('packetText', () => {
  it('says "none" under every heading of an empty packet', () => {
    expect(packetText(empty)).toBe(
      [
        'FOLLOW-UP PACKET: Ada Lovelace',
        'Since 2026-03-01 (generated 2026-03-10T09:00:00.000Z)',
        '',
        'COURSE',
        'No current course.',
        '',
        'MEDICAL STATUS',
        'No status recorded.',
        '',
        'DOSING SESSIONS SINCE 2026-03-01 (0)',
        'None.',
        '',
        'SCORES (latest per instrument)',
        'None.',
        '',
        'OPEN ALERTS',
        'None.',
        '',
        "THERAPIST'S OPEN QUESTIONS",
        'None.',
        '',
      ].join('\n'),
    );
  });

  it('writes one line per dose, naming the limit a reading crossed and what is missing', () => {
    const text = packetText({ ...empty, dosingSessions: [dose] });
    expect(text).toContain(
      '- 2026-03-03 10:00Z sublingual 150 mg (half_dissociative) | vitals 172/90 HR 80 SpO2 97% (pre) ⚠ outside limits: systolic ≤ 160 | adverse events: not answered | documentation INCOMPLETE: missing post_vitals, adverse_events\n',
    );
  });

  it('gives a score its change from baseline, and a question on one line', () => {
    const text = packetText({
      ...empty,
      scores: [
        {
          instrument: 'PHQ9',
          outcomeId: 'o1',
          administeredAt: '2026-03-08T08:00:00.000Z',
          total: 9,
          severity: 'mild',
          baselineTotal: 18,
          changeFromBaseline: -9,
          reliableChange: 'improved',
        },
      ],
      openQuestions: [
        {
          statusUpdateId: 'su1',
          urgency: 'soon',
          body: 'Raise the dose?\n\nShe asks.',
          createdAt: '2026-03-09T08:00:00.000Z',
        },
      ],
    });
    expect(text).toContain(
      '- PHQ9 2026-03-08: 9 (mild); change from baseline -9 (baseline 18), reliable change: improved\n',
    );
    expect(text).toContain('- (soon, 2026-03-09) Raise the dose? She asks.\n');
  });
});
