import { daysBetween } from '../calendar/calendar-date';

/** The patient's signed permission to share with one medical team. Dates are `YYYY-MM-DD`. */
export interface ReleaseOfInformationDates {
  signedOn: string;
  expiresOn: string;
}

/**
 * - `not_yet_valid`: signed on a later date than today (recorded ahead of time);
 * - `valid`: today is inside the release and more than the warning period is left;
 * - `expiring_soon`: still valid, but it ends within the warning period: time to renew;
 * - `expired`: today is after `expiresOn`; nothing is shared any more.
 */
export type ReleaseStatus = 'valid' | 'expiring_soon' | 'expired' | 'not_yet_valid';

/** The patient page warns this many days before a release of information ends. */
export const RELEASE_WARNING_DAYS = 30;

/**
 * Where a release of information stands on `today`. It is valid from `signedOn` through
 * `expiresOn`, both days included, and counts as expiring soon once 30 days or fewer are left.
 */
export function releaseStatus(release: ReleaseOfInformationDates, today: string): ReleaseStatus {
  if (today < release.signedOn) return 'not_yet_valid';
  if (today > release.expiresOn) return 'expired';
  return daysBetween(today, release.expiresOn) <= RELEASE_WARNING_DAYS ? 'expiring_soon' : 'valid';
}

/** Only a release valid today lets anything reach the medical team. */
export function releaseAllowsSharing(release: ReleaseOfInformationDates, today: string): boolean {
  return statusAllowsSharing(releaseStatus(release, today));
}

/** The same rule for a status already worked out. */
export function statusAllowsSharing(status: ReleaseStatus): boolean {
  return status === 'valid' || status === 'expiring_soon';
}

/** Days from `today` to the last valid day (0 on the last day, negative once expired). */
export function releaseDaysLeft(release: ReleaseOfInformationDates, today: string): number {
  return daysBetween(today, release.expiresOn);
}
