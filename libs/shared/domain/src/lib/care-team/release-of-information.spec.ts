import {
  releaseAllowsSharing,
  releaseDaysLeft,
  releaseStatus,
  statusAllowsSharing,
  type ReleaseStatus,
} from './release-of-information';

describe('release of information', () => {
  const today = '2026-11-25';

  it.each<[string, string, string, ReleaseStatus, boolean, number]>([
    ['signed today', '2026-11-25', '2027-11-25', 'valid', true, 365],
    ['signed tomorrow', '2026-11-26', '2027-11-26', 'not_yet_valid', false, 366],
    ['expires today (the last valid day)', '2026-01-01', '2026-11-25', 'expiring_soon', true, 0],
    ['expired yesterday', '2026-01-01', '2026-11-24', 'expired', false, -1],
    ['30 days left', '2026-01-01', '2026-12-25', 'expiring_soon', true, 30],
    ['31 days left', '2026-01-01', '2026-12-26', 'valid', true, 31],
    ['signed and expiring today', '2026-11-25', '2026-11-25', 'expiring_soon', true, 0],
    ['long expired', '2024-01-01', '2025-01-01', 'expired', false, -693],
    ['across a leap day', '2028-02-01', '2028-03-01', 'not_yet_valid', false, 462],
  ])('%s: %s to %s is %s', (_name, signedOn, expiresOn, status, shares, daysLeft) => {
    const release = { signedOn, expiresOn };
    expect(releaseStatus(release, today)).toBe(status);
    expect(releaseAllowsSharing(release, today)).toBe(shares);
    expect(statusAllowsSharing(releaseStatus(release, today))).toBe(shares);
    expect(releaseDaysLeft(release, today)).toBe(daysLeft);
  });
});
