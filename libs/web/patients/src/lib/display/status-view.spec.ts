import { careTeam, medicalStatus, reducedPatient, TODAY_FOR_TESTS } from '../../testing/patient-fixtures';
import { followUpBadge, patientBadges, releaseNotice } from './status-view';

describe('status view', () => {
  it('marks a follow-up overdue once its day has passed, and coming up within a week', () => {
    expect(followUpBadge('2026-11-20', TODAY_FOR_TESTS)).toEqual({
      kind: 'Follow-up',
      label: 'Follow-up overdue since 20 Nov 2026',
      tone: 'alert',
    });
    expect(followUpBadge('2026-11-25', TODAY_FOR_TESTS)?.label).toBe('Follow-up due today');
    expect(followUpBadge('2026-12-02', TODAY_FOR_TESTS)).toMatchObject({
      label: 'Follow-up due 2 Dec 2026',
      tone: 'warn',
    });
    expect(followUpBadge('2026-12-03', TODAY_FOR_TESTS)?.tone).toBe('neutral');
    expect(followUpBadge(null, TODAY_FOR_TESTS)).toBeNull();
  });

  it('says nothing about a valid release, warns while it is expiring, and says what stopped once expired', () => {
    expect(releaseNotice(careTeam())).toBeNull();
    expect(releaseNotice(null)).toBeNull();

    const expiring = releaseNotice(
      careTeam({
        releaseStatus: 'expiring_soon',
        releaseDaysLeft: 12,
        releaseOfInformation: { signedOn: '2025-12-07', expiresOn: '2026-12-07', scope: null },
      }),
    );
    expect(expiring?.tone).toBe('warn');
    expect(expiring?.short).toBe('Release expires in 12 days');
    expect(expiring?.long).toContain('ends in 12 days (7 Dec 2026)');

    expect(releaseNotice(careTeam({ releaseStatus: 'expiring_soon', releaseDaysLeft: 0 }))?.short).toBe(
      'Release expires today',
    );

    const expired = releaseNotice(
      careTeam({
        releaseStatus: 'expired',
        releaseDaysLeft: -25,
        sharing: false,
        releaseOfInformation: { signedOn: '2025-10-31', expiresOn: '2026-10-31', scope: null },
      }),
    );
    expect(expired?.tone).toBe('alert');
    expect(expired?.short).toBe('Release expired 31 Oct 2026');
    // Sharing stopped the day after the last valid day.
    expect(expired?.long).toBe(
      'Nothing is shared with Northstar Medical Team since 1 Nov 2026: notes, sessions, scores and updates stay in the practice until a new release is recorded.',
    );
  });

  it('builds the row badges: phase, eligibility, prescription, follow-up, and the release for the practice', () => {
    const patient = reducedPatient({
      careTeam: careTeam({
        releaseStatus: 'expired',
        releaseDaysLeft: -3,
        sharing: false,
        releaseOfInformation: { signedOn: '2025-11-22', expiresOn: '2026-11-22', scope: null },
      }),
      medicalStatus: medicalStatus({ nextFollowUpDue: '2026-11-01' }),
    });
    expect(
      patientBadges(patient, TODAY_FOR_TESTS, { release: true }).map(
        (b) => `${b.kind}: ${b.label} (${b.tone})`,
      ),
    ).toEqual([
      'Course phase: Dosing (neutral)',
      'Eligibility: Eligible (good)',
      'Prescription: Prescription active · 4 doses · sublingual (good)',
      'Follow-up: Follow-up overdue since 1 Nov 2026 (alert)',
      'Release of information: Release expired 22 Nov 2026 (alert)',
    ]);
    // The medical team only ever sees patients with a valid release: no release badge for them.
    expect(patientBadges(patient, TODAY_FOR_TESTS, { release: false }).map((b) => b.kind)).not.toContain(
      'Release of information',
    );
    expect(
      patientBadges(
        reducedPatient({ currentCourse: null, medicalStatus: null, careTeam: null }),
        TODAY_FOR_TESTS,
        { release: true },
      ),
    ).toEqual([
      { kind: 'Course phase', label: 'No course yet', tone: 'neutral' },
      { kind: 'Medical team', label: 'No medical team linked', tone: 'neutral' },
    ]);
  });
});
