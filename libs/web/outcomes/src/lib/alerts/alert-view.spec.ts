import { alert } from '../../testing/outcome-fixtures';
import { alertView, sideOf, sourceLink } from './alert-view';

describe('alert view', () => {
  const morales = { id: 'u-p', displayName: 'Dr. Elena Morales, MD' };
  const dana = { id: 'u-t', displayName: 'Dana Whitfield, LMFT' };

  it('puts the caller’s side first and says who acknowledged what, and who is still waited for', () => {
    const acknowledged = alert({
      acknowledgements: [
        {
          side: 'practice',
          by: dana,
          at: '2026-11-25T10:00:00.000Z',
          action: 'Called her; safety plan reviewed.',
        },
      ],
    });
    const forTeam = alertView(acknowledged, 'medical_team');
    expect(forTeam.sides.map((s) => s.side)).toEqual(['medical_team', 'practice']);
    expect(forTeam.sides[0]).toEqual({
      side: 'medical_team',
      done: false,
      text: 'Waiting for the medical team',
    });
    expect(forTeam.sides[1].text).toMatch(
      /^Acknowledged by the practice: Dana Whitfield, LMFT, 25 Nov 2026, \d\d:\d\d\. What was done: Called her; safety plan reviewed\.$/,
    );
    expect(forTeam.canAcknowledge).toBe(true);
  });

  it('waits for no medical team when none counts (no linked team under a valid release)', () => {
    const practiceOnly = alertView(alert({ awaiting: ['practice'] }), 'practice');
    expect(practiceOnly.sides.map((s) => s.text)).toEqual(['Waiting for the practice']);
    const closed = alertView(
      alert({
        awaiting: [],
        status: 'acknowledged',
        acknowledgements: [
          { side: 'practice', by: dana, at: '2026-11-25T10:00:00.000Z', action: 'Called her.' },
        ],
      }),
      'practice',
    );
    expect(closed.sides.map((s) => [s.side, s.done])).toEqual([['practice', true]]);
    expect(closed.canAcknowledge).toBe(false);
  });

  it('reads an answer without per-side acknowledgements as the caller’s own', () => {
    const old = alert({
      status: 'acknowledged',
      acknowledgements: [],
      acknowledgedAt: '2026-11-25T10:00:00.000Z',
      acknowledgedBy: morales,
      action: null,
    });
    const view = alertView(old, 'medical_team');
    expect(view.sides[0].text).toMatch(
      /^Acknowledged by the medical team: Dr\. Elena Morales, MD, .*What was done: not recorded\.$/,
    );
    expect(view.canAcknowledge).toBe(false);
  });

  it('falls back to the kind’s words without a summary, and links each source', () => {
    expect(alertView(alert({ summary: '' }), 'practice').summary).toBe(
      'PHQ-9 item 9 (thoughts of self-harm) answered above 0',
    );
    expect(sourceLink(alert({ kind: 'reliable_deterioration' }))).toEqual({
      path: '/patients/p-1',
      fragment: 'outcome-links-heading',
      text: 'See the patient’s scores',
    });
    expect(
      sourceLink(alert({ kind: 'vitals_out_of_range', sourceType: 'session', sourceId: 's-1' })),
    ).toEqual({
      path: '/patients/p-1/sessions/s-1',
      fragment: undefined,
      text: 'See the session',
    });
    expect(sideOf('medical_team')).toBe('medical_team');
    expect(sideOf('practice')).toBe('practice');
    expect(sideOf(undefined)).toBe('practice');
  });
});
