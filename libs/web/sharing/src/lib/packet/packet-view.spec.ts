import { dosingSession, packet } from '../../testing/sharing-fixtures';
import { limitsText, packetView, sessionView } from './packet-view';

describe('packetView', () => {
  it('marks out-of-range readings with the limit they are above', () => {
    const view = sessionView(dosingSession());
    expect(view.outOfRangeCount).toBe(1);
    const [pre, peak] = view.vitals;
    expect(pre.systolic).toEqual({ text: '128', cellClass: '', note: '' });
    expect(peak.systolic).toEqual({ text: '172', cellClass: 'out-of-range', note: ' (above limit 160)' });
    expect(peak.diastolic.cellClass).toBe('');
    expect(peak.spo2).toBe('—');
    expect(view.limits).toBe('Limits: systolic ≤ 160, diastolic ≤ 100, heart rate ≤ 110');
  });

  it('names the minimum a reading is below, SpO2 included', () => {
    const view = sessionView(
      dosingSession({
        vitalsLimits: { systolicMin: 90, systolicMax: 160, heartRateMin: 50, spo2Min: 92 },
        vitals: [
          {
            at: '2026-11-20T10:00:00.000Z',
            phase: 'pre',
            systolic: 84,
            diastolic: 60,
            heartRate: 48,
            spo2: 88,
            outOfRange: ['systolic', 'heart_rate', 'spo2'],
          },
        ],
      }),
    );
    const [reading] = view.vitals;
    expect(reading.systolic.note).toBe(' (below minimum 90)');
    expect(reading.heartRate.note).toBe(' (below minimum 50)');
    expect(reading.spo2).toBe('88% (below minimum 92%)');
    expect(reading.diastolic.cellClass).toBe('');
    expect(view.limits).toBe('Limits: systolic 90–160, heart rate ≥ 50, SpO2 ≥ 92%');
  });

  it('says what documentation is missing and which adverse events happened', () => {
    const view = sessionView(
      dosingSession({
        documentationComplete: false,
        documentationMissing: ['post_vitals', 'signed_note'],
        adverseEvents: [{ type: 'nausea', severity: 'mild', action: 'Ondansetron given' }],
      }),
    );
    expect(view.documentation).toBe('Incomplete: post vitals, signed note');
    expect(view.documentationClass).toBe('doc-incomplete');
    expect(view.adverseEvents).toBe('Nausea (mild) — Ondansetron given');
    expect(sessionView(dosingSession({ adverseEvents: null })).adverseEvents).toBe('Not recorded');
  });

  it('summarises course, documentation, scores with change, alerts and questions', () => {
    const view = packetView(packet());
    expect(view.title).toBe('Follow-up packet: José García');
    expect(view.coverage).toContain('Since 1 Nov 2026');
    expect(view.facts).toContainEqual({ label: 'Course phase', value: 'Dosing' });
    expect(view.facts).toContainEqual({
      label: 'Documentation',
      value: '1 of 1 dosing sessions fully documented',
    });
    expect(view.scores[0]).toMatchObject({
      instrument: 'PHQ-9',
      total: '9',
      change: '\u22129 from baseline 18',
      reliableChange: 'Reliable improvement',
    });
    expect(view.alerts[0].text).toContain("Vitals outside the prescriber's limits");
    expect(view.questions[0]).toMatchObject({ urgency: 'Soon', text: 'Should the dose stay at 200 mg?' });
    expect(limitsText(null)).toBe('No vitals limits recorded');
  });
});
