import { toCareTeam, type CareTeamRow } from './care-team-mapper';

const row: CareTeamRow = {
  medical_team_id: 'team-1',
  medical_team_name: 'Harbor Psychiatry',
  release_signed_on: '2026-01-10',
  release_expires_on: '2026-07-10',
  release_scope: 'Coordination of care',
  linked_at: '2026-01-10T15:00:00.000Z',
};

describe('toCareTeam', () => {
  it('answers the link as recorded: team, release dates and scope, time linked', () => {
    expect(toCareTeam(row, '2026-03-01')).toEqual({
      medicalTeamId: 'team-1',
      medicalTeamName: 'Harbor Psychiatry',
      releaseOfInformation: {
        signedOn: '2026-01-10',
        expiresOn: '2026-07-10',
        scope: 'Coordination of care',
      },
      releaseStatus: 'valid',
      releaseDaysLeft: 131,
      sharing: true,
      linkedAt: '2026-01-10T15:00:00.000Z',
    });
  });

  it.each([
    ['the day before it was signed', '2026-01-09', 'not_yet_valid', false, 182],
    ['the day it was signed', '2026-01-10', 'valid', true, 181],
    ['30 days before it expires', '2026-06-10', 'expiring_soon', true, 30],
    ['its last day', '2026-07-10', 'expiring_soon', true, 0],
    ['the day after its last day', '2026-07-11', 'expired', false, -1],
  ])('judges the release on %s (%s): %s, sharing %s, %s days left', (_, today, status, sharing, daysLeft) => {
    const team = toCareTeam(row, today);
    expect(team.releaseStatus).toBe(status);
    expect(team.sharing).toBe(sharing);
    expect(team.releaseDaysLeft).toBe(daysLeft);
    // The dates themselves are shown as recorded, whatever the day.
    expect(team.releaseOfInformation).toEqual({
      signedOn: '2026-01-10',
      expiresOn: '2026-07-10',
      scope: 'Coordination of care',
    });
  });
});
