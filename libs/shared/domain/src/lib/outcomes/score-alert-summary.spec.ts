import { CSSRS_VERSION_1, INSTRUMENTS } from './instruments';
import { scoreAlertSummary, type AlertedScore, type ScoreAlertKind } from './score-alert-summary';

const at = '2026-12-02T15:00:00.000Z';
const f = false;
const t = true;

function score(
  instrument: AlertedScore['instrument'],
  items: number[] | boolean[],
  total: number | null,
  severity: string | null,
): AlertedScore {
  return {
    instrument,
    instrumentVersion: INSTRUMENTS[instrument].version,
    administeredAt: at,
    items,
    total,
    severity,
  };
}

describe('scoreAlertSummary', () => {
  it.each<[ScoreAlertKind, AlertedScore, number | null, string]>([
    [
      'suicidality_item_positive',
      score('PHQ9', [2, 2, 2, 2, 2, 1, 1, 0, 2], 14, 'moderate'),
      null,
      'PHQ-9 item 9 (thoughts of self-harm) answered 2 on 2 Dec 2026 (total 14, moderate)',
    ],
    [
      'suicidality_item_positive',
      score('PHQ9', [3, 3, 3, 3, 3, 3, 2, 1, 1], 22, 'severe'),
      null,
      'PHQ-9 item 9 (thoughts of self-harm) answered 1 on 2 Dec 2026 (total 22, severe)',
    ],
    [
      'reliable_deterioration',
      score('GAD7', [2, 2, 2, 2, 2, 2, 1], 13, 'moderate'),
      8,
      'GAD-7 rose from 8 to 13 (moderate) on 2 Dec 2026, a reliable deterioration',
    ],
    [
      'reliable_deterioration',
      score('PCL5', Array(20).fill(2), 40, 'probable_ptsd'),
      30,
      'PCL-5 rose from 30 to 40 (probable PTSD (provisional)) on 2 Dec 2026, a clinically meaningful worsening',
    ],
    [
      'reliable_deterioration',
      score('CGI_I', [6], 6, 'much_worse'),
      null,
      'CGI-I rated 6 (much worse) on 2 Dec 2026',
    ],
    [
      'reliable_deterioration',
      score('CGI_I', [7], 7, 'very_much_worse'),
      null,
      'CGI-I rated 7 (very much worse) on 2 Dec 2026',
    ],
    [
      'cssrs_high_risk',
      score('CSSRS_SCREEN', [t, t, t, t, t, f, f], null, 'high'),
      null,
      'C-SSRS screen on 2 Dec 2026: high risk (a plan with intent; intent to act on thoughts of suicide)',
    ],
    [
      'cssrs_high_risk',
      score('CSSRS_SCREEN', [f, f, f, f, f, t, t], null, 'high'),
      null,
      'C-SSRS screen on 2 Dec 2026: high risk (suicidal behaviour within the past 3 months)',
    ],
    [
      'cssrs_moderate_risk',
      score('CSSRS_SCREEN', [t, t, t, f, f, f, f], null, 'moderate'),
      null,
      'C-SSRS screen on 2 Dec 2026: moderate risk (thoughts of a method)',
    ],
    [
      'cssrs_moderate_risk',
      score('CSSRS_SCREEN', [f, f, f, f, f, t, f], null, 'moderate'),
      null,
      'C-SSRS screen on 2 Dec 2026: moderate risk (suicidal behaviour in the lifetime, not within the past 3 months)',
    ],
    [
      'cssrs_low_risk',
      score('CSSRS_SCREEN', [t, f, f, f, f, f, f], null, 'low'),
      null,
      'C-SSRS screen on 2 Dec 2026: low risk (a wish to be dead)',
    ],
    [
      'cssrs_low_risk',
      score('CSSRS_SCREEN', [t, t, f, f, f, f, f], null, 'low'),
      null,
      'C-SSRS screen on 2 Dec 2026: low risk (thoughts of killing oneself; a wish to be dead)',
    ],
  ])('%s → %s', (kind, alerted, baseline, expected) => {
    expect(scoreAlertSummary(kind, alerted, baseline)).toBe(expected);
  });

  it('reads a version-1 screen (question 6 = past 3 months) as it was scored', () => {
    const v1 = {
      ...score('CSSRS_SCREEN', [f, f, f, f, f, t], null, 'high'),
      instrumentVersion: CSSRS_VERSION_1,
    };
    expect(scoreAlertSummary('cssrs_high_risk', v1)).toBe(
      'C-SSRS screen on 2 Dec 2026: high risk (suicidal behaviour within the past 3 months)',
    );
  });

  it("dates the score on the organization's calendar", () => {
    const late = { ...score('CGI_I', [6], 6, 'much_worse'), administeredAt: '2026-12-03T02:00:00.000Z' };
    expect(scoreAlertSummary('reliable_deterioration', late, null, 'America/New_York')).toBe(
      'CGI-I rated 6 (much worse) on 2 Dec 2026',
    );
    expect(scoreAlertSummary('reliable_deterioration', late)).toBe(
      'CGI-I rated 6 (much worse) on 3 Dec 2026',
    );
  });
});
