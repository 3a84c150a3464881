import { setClinicTimeZone } from '@kap/web/core';
import { instrument, outcome, phq9Trend, point } from '../../testing/outcome-fixtures';
import { chartedEvents, hasPatientReported, itemRows, splitScores, trendSummary } from './trend-view';

describe('trend view helpers', () => {
  const first = outcome('PHQ9', [3, 3, 2, 2, 2, 2, 2, 1, 1], '2026-01-05T10:00:00.000Z');
  const second = outcome('PHQ9', [1, 3, 2, 1, 2, 2, 2, 1, 0], '2026-02-05T10:00:00.000Z');

  it('builds item rows with one cell per score and marks answers that moved', () => {
    const rows = itemRows(instrument('PHQ9'), [first, second]);
    expect(rows).toHaveLength(9);
    expect(rows[0].text).toBe('Little interest or pleasure in doing things');
    expect(rows[0].cells.map((c) => [c.text, c.movement])).toEqual([
      ['3', 'first'],
      ['1', 'down'],
    ]);
    expect(rows[0].cells[1].movementText).toBe('down from 3');
    expect(rows[1].cells[1].movement).toBe('same');
    expect(rows[8].cells[1].movementText).toBe('down from 1');
  });

  it('shows yes/no answers as words', () => {
    const screen = outcome(
      'CSSRS_SCREEN',
      [true, false, false, false, false, false, false],
      '2026-01-05T10:00:00.000Z',
    );
    const later = outcome(
      'CSSRS_SCREEN',
      [false, false, false, false, false, false, false],
      '2026-02-05T10:00:00.000Z',
    );
    const rows = itemRows(instrument('CSSRS_SCREEN'), [screen, later]);
    expect(rows[0].cells.map((c) => c.text)).toEqual(['Yes', 'No']);
    expect(rows[0].cells[1].movementText).toBe('down from Yes');
  });

  it('keeps voided scores apart, newest first', () => {
    const voided = outcome('PHQ9', [0, 0, 0, 0, 0, 0, 0, 0, 0], '2026-03-05T10:00:00.000Z', {
      voidedAt: '2026-03-06T00:00:00.000Z',
      voidReason: 'Wrong patient',
    });
    const { active, voided: apart } = splitScores([first, voided, second]);
    expect(active.map((o) => o.administeredAt)).toEqual([second.administeredAt, first.administeredAt]);
    expect(apart).toEqual([voided]);
  });

  it('summarises the chart in words', () => {
    const trend = phq9Trend([
      point('o-1', '2026-01-05T10:00:00.000Z', 18, 'moderately_severe', 18),
      point('o-2', '2026-03-05T10:00:00.000Z', 7, 'mild', 18),
    ]);
    const summary = trendSummary(instrument('PHQ9'), 'PHQ-9', trend);
    expect(summary).toContain('2 scores');
    expect(summary).toContain('baseline 18 (Moderately severe)');
    expect(summary).toContain('latest 7 (Mild)');
    expect(summary).toContain('change \u221211');
    expect(summary).not.toContain('Marked');
  });

  it('counts the marked events by kind and the patient-reported scores', () => {
    const events = [
      { at: '2026-01-01T00:00:00.000Z', kind: 'course_start' as const, label: 'Course started' },
      { at: '2026-01-20T15:00:00.000Z', kind: 'dosing' as const, label: 'Dose 150 mg' },
      { at: '2026-01-27T15:00:00.000Z', kind: 'dosing' as const, label: 'Dose 200 mg' },
      // A year before the first score: not on the chart, so not counted either.
      { at: '2025-01-01T00:00:00.000Z', kind: 'medical_follow_up' as const, label: 'Medical team update' },
    ];
    const trend = phq9Trend(
      [
        point('o-1', '2026-01-05T10:00:00.000Z', 18, 'moderately_severe', 18),
        { ...point('o-2', '2026-03-05T10:00:00.000Z', 7, 'mild', 18), source: 'patient' },
      ],
      events,
    );
    expect(trendSummary(instrument('PHQ9'), 'PHQ-9', trend)).toMatch(
      /1 of the 2 reported by the patient\. Marked: 2 dosing sessions, 1 course start\.$/,
    );
    expect(chartedEvents(trend).map((event) => event.label)).toEqual([
      'Course started',
      'Dose 150 mg',
      'Dose 200 mg',
    ]);
    expect(hasPatientReported(trend)).toBe(true);
    expect(
      hasPatientReported(phq9Trend([point('o-1', '2026-01-05T10:00:00.000Z', 18, 'moderately_severe', 18)])),
    ).toBe(false);
  });

  it('draws a course start at its day’s midnight on the organization’s calendar, a dose at its time', () => {
    setClinicTimeZone('America/New_York');
    const trend = phq9Trend(
      [point('o-1', '2026-01-05T10:00:00.000Z', 18, 'moderately_severe', 18)],
      [
        // The API sends the course's calendar day as its midnight UTC: 7 p.m. the day before in New York.
        { at: '2026-01-02T00:00:00.000Z', kind: 'course_start' as const, label: 'Course started' },
        { at: '2026-01-04T15:00:00.000Z', kind: 'dosing' as const, label: 'Dose 150 mg' },
      ],
    );
    expect(chartedEvents(trend).map((event) => new Date(event.x).toISOString())).toEqual([
      '2026-01-02T05:00:00.000Z',
      '2026-01-04T15:00:00.000Z',
    ]);
  });
});
