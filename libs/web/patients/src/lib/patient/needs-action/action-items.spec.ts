import type { Alert, DashboardReason } from '@kap/shared/contracts';
import { actionItems, type ActionContext } from './action-items';

const therapist: ActionContext = { patientId: 'p-1', role: 'therapist', practice: true };
const prescriber: ActionContext = { patientId: 'p-1', role: 'prescriber', practice: false };

function alert(overrides: Partial<Alert>): Alert {
  return {
    id: 'a-1',
    patientId: 'p-1',
    patientName: 'Marcus Bell',
    kind: 'vitals_out_of_range',
    severity: 'warning',
    createdAt: '2026-11-24T09:00:00.000Z',
    sourceType: 'session',
    sourceId: 's-1',
    summary: 'Dosing session on 24 Nov 2026: systolic 172 above the limit 160.',
    escalated: false,
    acknowledgements: [],
    awaiting: ['practice'],
    status: 'open',
    acknowledgedAt: null,
    acknowledgedBy: null,
    action: null,
    ...overrides,
  };
}

const reason = (code: DashboardReason['code'], severity: DashboardReason['severity'], since: string, instrument?: DashboardReason['instrument']): DashboardReason =>
  instrument ? { code, severity, since, instrument } : { code, severity, since };

describe('actionItems', () => {
  it('puts an escalated alert first, then the most severe, keeping the sources\' order otherwise', () => {
    const items = actionItems(
      [alert({ id: 'warn' }), alert({ id: 'esc', severity: 'urgent', escalated: true, summary: 'C-SSRS screen high risk on 24 Nov 2026.' })],
      [reason('follow_up_due', 'warning', '2026-11-20'), reason('measure_overdue', 'info', '2026-11-01T00:00:00.000Z', 'GAD7')],
      therapist,
    );
    expect(items.map((item) => item.text)).toEqual([
      'C-SSRS screen high risk on 24 Nov 2026.',
      'Dosing session on 24 Nov 2026: systolic 172 above the limit 160.',
      'Medical follow-up overdue since 20 Nov 2026',
      'No GAD-7 score in 30 days',
    ]);
    expect(items[0].detail).toBe('Escalated: not acknowledged in time. Waiting for the practice to acknowledge.');
    expect(items[3].links).toEqual([{ text: 'Enter a score', path: '/patients/p-1/scores/new' }]);
  });

  it("links a score's alert to its measure's trend where the kind names the measure", () => {
    const [phq, any] = actionItems(
      [
        alert({ id: 'phq', kind: 'suicidality_item_positive', severity: 'urgent', sourceType: 'outcome', sourceId: 'o-1' }),
        alert({ id: 'any', kind: 'reliable_deterioration', sourceType: 'outcome', sourceId: 'o-2' }),
      ],
      [],
      therapist,
    );
    expect(phq.links).toEqual([
      { text: 'Open in Alerts', path: '/alerts' },
      { text: 'See the PHQ-9 trend', path: '/patients/p-1/scores/PHQ9' },
    ]);
    expect(any.links).toEqual([{ text: 'Open in Alerts', path: '/alerts' }]);
  });

  it("lists the dashboard's alert reasons only when the alerts themselves could not be read", () => {
    const reasons = [reason('open_alert', 'urgent', '2026-11-24T09:00:00.000Z')];
    expect(actionItems([], reasons, therapist, true)).toEqual([]);
    const fallback = actionItems([], reasons, therapist, false);
    expect(fallback).toHaveLength(1);
    expect(fallback[0].links).toEqual([{ text: 'Open in Alerts', path: '/alerts' }]);
  });

  it('offers only the links the role may follow', () => {
    const reasons = [reason('integration_due', 'info', '2026-11-26'), reason('follow_up_due', 'info', '2026-11-28')];
    expect(actionItems([], reasons, therapist).flatMap((item) => item.links.map((link) => link.text))).toEqual(['Log a session', 'Follow-up packet']);
    const forTeam = actionItems([], reasons, prescriber);
    expect(forTeam.map((item) => item.text)).toEqual(['Integration session due from 26 Nov 2026', 'Medical follow-up due on 28 Nov 2026']);
    expect(forTeam.flatMap((item) => item.links)).toEqual([]);
  });

  it('points the release and the care-team updates at their sections of the page', () => {
    const items = actionItems([], [reason('release_expiring', 'info', '2026-12-15'), reason('unacknowledged_update', 'warning', '2026-11-23T10:00:00.000Z')], therapist);
    const release = items.find((item) => item.text.startsWith('Release'));
    expect(release?.text).toBe('Release of information expires on 15 Dec 2026');
    expect(release?.links).toEqual([{ text: 'See the release', path: '/patients/p-1', fragment: 'care-team-heading' }]);
    expect(items.find((item) => item.text.startsWith('Care-team update'))?.links[0].fragment).toBe('thread-heading');
  });
});
