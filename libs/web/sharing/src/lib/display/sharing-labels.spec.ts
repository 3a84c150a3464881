import { dashboardItem, reason } from '../../testing/sharing-fixtures';
import {
  conditionName,
  formatCalendarDate,
  humanize,
  orderDashboard,
  orderReasons,
  reasonText,
} from './sharing-labels';

describe('reasonText', () => {
  it('says each reason in plain words, with its day', () => {
    expect(
      reasonText(reason({ code: 'integration_due', severity: 'warning', since: '2026-11-24T00:00:00.000Z' })),
    ).toBe('Integration session due since 24 Nov');
    expect(
      reasonText(reason({ code: 'integration_due', severity: 'info', since: '2026-11-26T00:00:00.000Z' })),
    ).toBe('Integration session due from 26 Nov');
    expect(reasonText(reason({ code: 'documentation_incomplete', severity: 'info' }))).toBe(
      'Dosing session not fully documented',
    );
    expect(reasonText(reason({ code: 'measure_overdue', severity: 'info' }))).toBe('No PHQ-9 in 30 days');
    expect(reasonText(reason({ code: 'measure_overdue', severity: 'info', instrument: 'GAD7' }))).toBe(
      'No GAD-7 in 30 days',
    );
    expect(reasonText(reason({ code: 'measure_overdue', severity: 'info', instrument: 'PEG' }))).toBe(
      'No PEG in 30 days',
    );
    expect(
      reasonText(reason({ code: 'questionnaire_due', severity: 'info', since: '2026-11-24T12:00:00.000Z' })),
    ).toMatch(/^Questionnaire due since 2[45] Nov$/);
    expect(
      reasonText(
        reason({
          code: 'questionnaire_due',
          severity: 'info',
          since: '2026-11-24T12:00:00.000Z',
          instruments: ['PHQ9'],
        }),
      ),
    ).toBe('PHQ-9 questionnaire due since 24 Nov');
    expect(
      reasonText(
        reason({
          code: 'questionnaire_due',
          severity: 'info',
          since: '2026-11-24T12:00:00.000Z',
          instruments: ['GAD7', 'PEG', 'PHQ9'],
        }),
      ),
    ).toBe('PHQ-9, GAD-7 and PEG questionnaires due since 24 Nov');
    expect(
      reasonText(reason({ code: 'follow_up_due', severity: 'warning', since: '2026-11-20T00:00:00.000Z' })),
    ).toBe('Medical follow-up overdue since 20 Nov');
    expect(
      reasonText(reason({ code: 'follow_up_due', severity: 'info', since: '2026-11-30T00:00:00.000Z' })),
    ).toBe('Medical follow-up due on 30 Nov');
    expect(
      reasonText(reason({ code: 'release_expiring', severity: 'info', since: '2026-12-10T00:00:00.000Z' })),
    ).toBe('Release of information expires on 10 Dec');
    expect(
      reasonText(
        reason({ code: 'release_expiring', severity: 'warning', since: '2026-11-10T00:00:00.000Z' }),
      ),
    ).toBe('Release of information expired on 10 Nov');
    expect(reasonText(reason({ code: 'open_alert', since: '2026-11-24T12:00:00.000Z' }))).toMatch(
      /^Open safety alert since 2[45] Nov$/,
    );
    expect(reasonText(reason({ code: 'unacknowledged_update', since: '2026-11-23T12:00:00.000Z' }))).toMatch(
      /^Urgent care-team update not acknowledged since 2[34] Nov$/,
    );
  });

  it("says how urgent an unacknowledged update is, from the reason's severity (its urgency), never its text", () => {
    const since = '2026-11-23T12:00:00.000Z';
    expect(reasonText(reason({ code: 'unacknowledged_update', severity: 'warning', since }))).toMatch(
      /^Care-team update marked "soon" not acknowledged since 2[34] Nov$/,
    );
    expect(reasonText(reason({ code: 'unacknowledged_update', severity: 'info', since }))).toMatch(
      /^Routine care-team update not acknowledged since 2[34] Nov$/,
    );
  });

  it('says what an unacknowledged update is about, from its kind', () => {
    const since = '2026-11-23T12:00:00.000Z';
    expect(
      reasonText(
        reason({ code: 'unacknowledged_update', severity: 'urgent', since, updateKind: 'safety_concern' }),
      ),
    ).toMatch(/^Urgent care-team update about a safety concern not acknowledged since 2[34] Nov$/);
    expect(
      reasonText(
        reason({ code: 'unacknowledged_update', severity: 'info', since, updateKind: 'request_review' }),
      ),
    ).toMatch(/^Routine care-team update about a request for review not acknowledged since 2[34] Nov$/);
    expect(
      reasonText(reason({ code: 'unacknowledged_update', severity: 'info', since, updateKind: 'general' })),
    ).toMatch(/^Routine care-team update not acknowledged since 2[34] Nov$/);
  });

  it('reads calendar days in UTC, so a midnight-UTC day is never shown as the day before', () => {
    expect(
      reasonText(reason({ code: 'integration_due', severity: 'warning', since: '2026-12-01T00:00:00.000Z' })),
    ).toBe('Integration session due since 1 Dec');
    expect(formatCalendarDate('2026-12-01')).toBe('1 Dec 2026');
  });
});

describe('ordering', () => {
  it('puts the most severe reason first, then the one that has waited longest', () => {
    const ordered = orderReasons([
      reason({ code: 'measure_overdue', severity: 'info', since: '2026-10-01T00:00:00.000Z' }),
      reason({ code: 'follow_up_due', severity: 'warning', since: '2026-11-20T00:00:00.000Z' }),
      reason({ code: 'integration_due', severity: 'warning', since: '2026-11-18T00:00:00.000Z' }),
      reason({ code: 'open_alert', severity: 'urgent', since: '2026-11-24T00:00:00.000Z' }),
    ]);
    expect(ordered.map((r) => r.code)).toEqual([
      'open_alert',
      'integration_due',
      'follow_up_due',
      'measure_overdue',
    ]);
  });

  it('lists the most urgent patient first, then the longest waiting, then by name; drops rows without reasons', () => {
    const items = orderDashboard([
      dashboardItem({
        patientId: 'info',
        patientName: 'Ada',
        reasons: [reason({ code: 'measure_overdue', severity: 'info' })],
      }),
      dashboardItem({
        patientId: 'warn-late',
        patientName: 'Bea',
        reasons: [reason({ code: 'follow_up_due', severity: 'warning', since: '2026-11-22T00:00:00.000Z' })],
      }),
      dashboardItem({ patientId: 'none', patientName: 'Cyd', reasons: [] }),
      dashboardItem({
        patientId: 'urgent',
        patientName: 'Dee',
        reasons: [
          reason({ code: 'measure_overdue', severity: 'info' }),
          reason({ code: 'open_alert', severity: 'urgent' }),
        ],
      }),
      dashboardItem({
        patientId: 'warn-early',
        patientName: 'Eve',
        reasons: [
          reason({ code: 'integration_due', severity: 'warning', since: '2026-11-19T00:00:00.000Z' }),
        ],
      }),
    ]);
    expect(items.map((i) => i.patientId)).toEqual(['urgent', 'warn-early', 'warn-late', 'info']);
    expect(items[0].reasons.map((r) => r.code)).toEqual(['open_alert', 'measure_overdue']);
  });
});

describe('escalated alerts', () => {
  const escalatedReason = reason({
    code: 'alert_escalated',
    severity: 'urgent',
    since: '2026-11-25T08:00:00.000Z',
  });

  it('words an escalated alert for a person at a handover', () => {
    expect(reasonText(escalatedReason)).toMatch(
      /^Urgent alert not acknowledged for hours \(since 25 Nov 2026, \d\d:\d\d\)$/,
    );
  });

  it('puts an escalated alert first in its row, and its patient first in the list', () => {
    const older = reason({ code: 'open_alert', severity: 'urgent', since: '2026-11-01T00:00:00.000Z' });
    expect(orderReasons([older, escalatedReason]).map((r) => r.code)).toEqual([
      'alert_escalated',
      'open_alert',
    ]);
    const items = orderDashboard([
      dashboardItem({ patientId: 'urgent-older', patientName: 'Ada', reasons: [older] }),
      dashboardItem({
        patientId: 'escalated',
        patientName: 'Zed',
        reasons: [reason({ code: 'measure_overdue', severity: 'info' }), escalatedReason],
      }),
    ]);
    expect(items.map((i) => i.patientId)).toEqual(['escalated', 'urgent-older']);
  });
});

describe('clinical words', () => {
  it.each([
    ['probable_ptsd', 'Probable PTSD'],
    ['ptsd', 'PTSD'],
    ['half_dissociative', 'Half dissociative'],
    ['moderately_severe', 'Moderately severe'],
  ])('humanizes %s as "%s"', (code, text) => {
    expect(humanize(code)).toBe(text);
  });

  it.each([
    ['treatment_resistant_depression', 'Treatment-resistant depression'],
    ['ocd', 'OCD'],
    ['depression', 'Depression'],
  ])('names the indication %s "%s"', (code, text) => {
    expect(conditionName(code)).toBe(text);
  });
});
