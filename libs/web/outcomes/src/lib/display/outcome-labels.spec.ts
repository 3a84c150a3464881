import { instrument, point } from '../../testing/outcome-fixtures';
import {
  ALERT_KIND_TEXT,
  alertInstrument,
  alertKindText,
  answerOptions,
  bandLabel,
  formatDate,
  formatDateTime,
  formatShortDate,
  formatTotal,
  latestPointBadges,
  SAFETY_COPY,
  signed,
  thresholdName,
} from './outcome-labels';

describe('outcome labels', () => {
  it('words every alert kind in plain language', () => {
    expect(alertKindText('suicidality_item_positive')).toBe(
      'PHQ-9 item 9 (thoughts of self-harm) answered above 0',
    );
    expect(alertKindText('cssrs_high_risk')).toContain('C-SSRS screen: high risk');
    expect(alertKindText('serious_adverse_event')).toBe('Serious adverse event during a dosing session');
    expect(alertKindText('something_new')).toBe('Alert: something new');
    for (const text of Object.values(ALERT_KIND_TEXT)) expect(text).not.toMatch(/_/);
    expect(alertInstrument('suicidality_item_positive')).toBe('PHQ9');
    expect(alertInstrument('cssrs_moderate_risk')).toBe('CSSRS_SCREEN');
    expect(alertInstrument('vitals_out_of_range')).toBeNull();
  });

  it('says the app is not watched around the clock and where emergencies go', () => {
    expect(SAFETY_COPY).toContain('not monitored around the clock');
    expect(SAFETY_COPY).toContain('emergency number');
    expect(SAFETY_COPY).toContain('crisis line');
    expect(SAFETY_COPY).toContain('on-call line');
  });

  it('names answers from the instrument, and CGI answers from its bands', () => {
    expect(answerOptions(instrument('PHQ9'), 0).map((o) => `${o.key} ${o.label}`)).toEqual([
      '0 Not at all',
      '1 Several days',
      '2 More than half the days',
      '3 Nearly every day',
    ]);
    const cgi = answerOptions(instrument('CGI_S'), 0);
    expect(cgi).toHaveLength(7);
    expect(cgi[0]).toEqual({ value: 1, label: 'Normal, not at all ill', key: '1' });
    expect(bandLabel(instrument('PHQ9'), 'moderately_severe')).toBe('Moderately severe');
  });

  it('names the PCL-5 threshold a clinically meaningful change, as its source does', () => {
    expect(thresholdName('PCL5')).toBe('Clinically meaningful change');
    expect(thresholdName('PHQ9')).toBe('Reliable change');
    const baseline = { ...point('o-1', '2026-01-05T10:00:00.000Z', 50, 'probable_ptsd', 50) };
    const latest = {
      ...point('o-2', '2026-03-05T10:00:00.000Z', 38, 'probable_ptsd', 50),
      reliableChange: 'improved' as const,
    };
    const badges = latestPointBadges(
      'PCL5',
      baseline,
      latest,
      10,
      'VA National Center for PTSD PCL-5 scoring guide',
    );
    expect(badges.map((b) => [b.kind, b.label])).toContainEqual([
      'Clinically meaningful change',
      'Clinically meaningful improvement',
    ]);
    expect(badges.map((b) => b.label).join(' ')).not.toMatch(/reliable/i);
    const none = latestPointBadges('PCL5', baseline, { ...latest, reliableChange: 'none' }, 10, null);
    expect(none.map((b) => b.label)).toContain('No clinically meaningful change');
  });

  it.each([
    ['PEG', 6, '6.0'],
    ['PEG', 6.7, '6.7'],
    ['PHQ9', 14, '14'],
    ['PHQ9', null, '—'],
  ] as const)('writes a %s total %p as %p', (code, total, expected) => {
    expect(formatTotal(instrument(code), total)).toBe(expected);
  });

  it('has no band words for a severity the instrument does not publish', () => {
    expect(bandLabel(instrument('PEG'), null)).toBe('');
    expect(bandLabel(instrument('CSSRS_SCREEN'), 'low')).toBe('Low risk');
    expect(alertInstrument('cssrs_low_risk')).toBe('CSSRS_SCREEN');
  });

  it('writes signed changes with a real minus sign', () => {
    expect(signed(3)).toBe('+3');
    expect(signed(-8)).toBe('\u22128');
    expect(signed(0)).toBe('0');
  });

  // Midday UTC, so the date is the same in any time zone the tests run in.
  const NOON = '2026-11-25T12:00:00.000Z';
  it.each<[string, (instant: string | number) => string, string | number, string | RegExp]>([
    ['formatDate', formatDate, NOON, '25 Nov 2026'],
    ['formatDate', formatDate, Date.parse(NOON), '25 Nov 2026'],
    ['formatDate', formatDate, 'not a date', 'not a date'],
    ['formatShortDate', formatShortDate, NOON, '25 Nov 26'],
    ['formatShortDate', formatShortDate, Date.parse(NOON), '25 Nov 26'],
    ['formatDateTime', (instant) => formatDateTime(String(instant)), NOON, /^25 Nov 2026, \d\d:\d\d$/],
    ['formatDateTime', (instant) => formatDateTime(String(instant)), 'not a date', 'not a date'],
  ])(
    '%s(%p) writes %p (the formats are made on first use, then reused)',
    (_name, format, instant, expected) => {
      const written = [format(instant), format(instant)];
      for (const text of written) {
        if (typeof expected === 'string') expect(text).toBe(expected);
        else expect(text).toMatch(expected);
      }
    },
  );

  it('builds the latest-point badges, with the reliable-change threshold and its source', () => {
    const baseline = point('o-1', '2026-01-05T10:00:00.000Z', 18, 'moderately_severe', 18);
    const latest = point('o-5', '2026-06-05T10:00:00.000Z', 4, 'minimal', 18);
    const badges = latestPointBadges('PHQ9', baseline, latest, 6, 'NHS Talking Therapies manual');
    expect(badges.map((b) => b.label)).toEqual([
      '\u221214 from baseline (18)',
      'Reliable improvement',
      'Response',
      'Remission',
    ]);
    expect(badges[1].detail).toBe('Threshold 6 points: NHS Talking Therapies manual');
    expect(badges.every((b) => b.tone === 'good')).toBe(true);

    const worse = point('o-6', '2026-07-05T10:00:00.000Z', 25, 'severe', 18);
    expect(latestPointBadges('PHQ9', baseline, worse, 6, null).map((b) => b.label)).toEqual([
      '+7 from baseline (18)',
      'Reliable deterioration',
      'No response yet',
      'Not in remission',
    ]);
    expect(latestPointBadges('PHQ9', null, null, 6, null)).toEqual([]);
  });
});
