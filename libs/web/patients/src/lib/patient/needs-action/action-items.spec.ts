import type { Alert, DashboardReason } from '@kap/shared/contracts';
import { setClinicTimeZone } from '@kap/web/core/calendar';
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

const reason = (
  code: DashboardReason['code'],
  severity: DashboardReason['severity'],
  since: string,
  instrument?: DashboardReason['instrument'],
): DashboardReason => (instrument ? { code, severity, since, instrument } : { code, severity, since });

describe('actionItems', () => {
  it("puts an escalated alert first, then the most severe, keeping the sources' order otherwise", () => {
    const items = actionItems(
      [
        alert({ id: 'warn' }),
        alert({
          id: 'esc',
          severity: 'urgent',
          escalated: true,
          summary: 'C-SSRS screen high risk on 24 Nov 2026.',
        }),
      ],
      [
        reason('follow_up_due', 'warning', '2026-11-20'),
        reason('measure_overdue', 'info', '2026-11-01T00:00:00.000Z', 'GAD7'),
      ],
      therapist,
    );
    expect(items.map((item) => item.text)).toEqual([
      'C-SSRS screen high risk on 24 Nov 2026.',
      'Dosing session on 24 Nov 2026: systolic 172 above the limit 160.',
      'Medical follow-up overdue since 20 Nov 2026',
      'No GAD-7 score in 30 days',
    ]);
    expect(items[0].detail).toBe(
      'Escalated: not acknowledged in time. Waiting for the practice to acknowledge.',
    );
    expect(items[3].links).toEqual([{ text: 'Enter a score', path: '/patients/p-1/scores/new' }]);
  });

  it("links a score's alert to its measure's trend where the kind names the measure", () => {
    const [phq, any] = actionItems(
      [
        alert({
          id: 'phq',
          kind: 'suicidality_item_positive',
          severity: 'urgent',
          sourceType: 'outcome',
          sourceId: 'o-1',
        }),
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
    const reasons = [
      reason('integration_due', 'info', '2026-11-26'),
      reason('follow_up_due', 'info', '2026-11-28'),
    ];
    expect(
      actionItems([], reasons, therapist).flatMap((item) => item.links.map((link) => link.text)),
    ).toEqual(['Log a session', 'Follow-up packet']);
    const forTeam = actionItems([], reasons, prescriber);
    expect(forTeam.map((item) => item.text)).toEqual([
      'Integration session due from 26 Nov 2026',
      'Medical follow-up due on 28 Nov 2026',
    ]);
    expect(forTeam.flatMap((item) => item.links)).toEqual([]);
  });

  it('points the release and the care-team updates at their sections of the page', () => {
    const items = actionItems(
      [],
      [
        reason('release_expiring', 'info', '2026-12-15'),
        reason('unacknowledged_update', 'warning', '2026-11-23T10:00:00.000Z'),
      ],
      therapist,
    );
    const release = items.find((item) => item.text.startsWith('Release'));
    expect(release?.text).toBe('Release of information expires on 15 Dec 2026');
    expect(release?.links).toEqual([
      { text: 'See the release', path: '/patients/p-1', fragment: 'care-team-heading' },
    ]);
    expect(items.find((item) => item.text.startsWith('Care-team update'))?.links[0].fragment).toBe(
      'thread-heading',
    );
  });

  it('says what a care-team update is about, as the dashboard row does', () => {
    const update = (
      severity: DashboardReason['severity'],
      updateKind?: DashboardReason['updateKind'],
    ): DashboardReason => ({
      code: 'unacknowledged_update',
      severity,
      since: '2026-11-23T10:00:00.000Z',
      ...(updateKind ? { updateKind } : {}),
    });
    const texts = actionItems(
      [],
      [
        update('urgent', 'safety_concern'),
        update('warning', 'request_review'),
        update('info', 'general'),
        update('info'),
      ],
      therapist,
    ).map((item) => item.text);
    expect(texts).toEqual([
      'Urgent care-team update about a safety concern not acknowledged since 23 Nov 2026, 10:00',
      'Care-team update marked "soon" about a request for review not acknowledged since 23 Nov 2026, 10:00',
      'Routine care-team update not acknowledged since 23 Nov 2026, 10:00',
      'Routine care-team update not acknowledged since 23 Nov 2026, 10:00',
    ]);
  });

  it('names the questionnaires due and since when, and leads the therapist to them', () => {
    const due = (instruments?: DashboardReason['instruments']): DashboardReason => ({
      code: 'questionnaire_due',
      severity: 'info',
      since: '2026-11-24T14:00:00.000Z',
      ...(instruments ? { instruments } : {}),
    });
    const [one] = actionItems([], [due(['PHQ9'])], therapist);
    expect(one.text).toBe('PHQ-9 questionnaire due since 24 Nov 2026, 14:00');
    expect(one.links).toEqual([
      { text: 'See questionnaires', path: '/patients/p-1', fragment: 'questionnaires-heading' },
    ]);
    expect(actionItems([], [due(['PEG', 'GAD7', 'PHQ9'])], therapist)[0].text).toBe(
      'PHQ-9, GAD-7 and PEG questionnaires due since 24 Nov 2026, 14:00',
    );
    // A server that does not say which still says since when.
    expect(actionItems([], [due()], therapist)[0].text).toBe('Questionnaire due since 24 Nov 2026, 14:00');
    // The practice admin has no questionnaires section to go to.
    expect(actionItems([], [due(['PHQ9'])], { ...therapist, role: 'practice_admin' })[0].links).toEqual([]);
  });

  it('writes the times on the organization’s clock', () => {
    setClinicTimeZone('America/New_York');
    const [update] = actionItems(
      [],
      [
        {
          code: 'questionnaire_due',
          severity: 'info',
          since: '2026-11-24T03:00:00.000Z',
          instruments: ['GAD7'],
        },
      ],
      therapist,
    );
    expect(update.text).toBe('GAD-7 questionnaire due since 23 Nov 2026, 22:00');
  });
});
