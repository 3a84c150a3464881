import type { CareTeam, PatientSummary } from '@kap/shared/contracts';
import { addDays, daysBetween } from '@kap/shared/domain';
import { ELIGIBILITY_LABELS, formatDate, PHASE_LABELS, prescriptionText } from './patient-labels';

/** How loud a badge is. The words carry the meaning; the colour only repeats it. */
export type BadgeTone = 'neutral' | 'good' | 'warn' | 'alert';

export interface Badge {
  /** What it is about, for the screen reader and the eye: "Eligibility", "Follow-up"... */
  kind: string;
  label: string;
  tone: BadgeTone;
}

/** A follow-up within this many days is shown as coming up. */
export const FOLLOW_UP_SOON_DAYS = 7;

/** The next medical follow-up, overdue when its day has passed. */
export function followUpBadge(due: string | null | undefined, today: string): Badge | null {
  if (!due) return null;
  const days = daysBetween(today, due);
  if (days < 0)
    return { kind: 'Follow-up', label: `Follow-up overdue since ${formatDate(due)}`, tone: 'alert' };
  if (days === 0) return { kind: 'Follow-up', label: 'Follow-up due today', tone: 'warn' };
  return {
    kind: 'Follow-up',
    label: `Follow-up due ${formatDate(due)}`,
    tone: days <= FOLLOW_UP_SOON_DAYS ? 'warn' : 'neutral',
  };
}

export interface ReleaseNotice {
  tone: 'warn' | 'alert';
  /** For a list row. */
  short: string;
  /** For the patient page: what it means and what to do. */
  long: string;
}

/**
 * What the person should know about a release of information, or null while it is simply valid.
 * The API decides the status and the days left (warning from 30 days before the end, the
 * domain's `RELEASE_WARNING_DAYS`), so the browser's clock cannot disagree with what is shared.
 */
export function releaseNotice(careTeam: CareTeam | null | undefined): ReleaseNotice | null {
  if (!careTeam) return null;
  const team = careTeam.medicalTeamName;
  const { signedOn, expiresOn } = careTeam.releaseOfInformation;
  switch (careTeam.releaseStatus) {
    case 'expiring_soon': {
      const days = careTeam.releaseDaysLeft;
      const when = days <= 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`;
      return {
        tone: 'warn',
        short: `Release expires ${when}`,
        long:
          `The release of information for ${team} ends ${when} (${formatDate(expiresOn)}). ` +
          `Record a renewed release before then, or sharing with the team stops.`,
      };
    }
    case 'expired':
      return {
        tone: 'alert',
        short: `Release expired ${formatDate(expiresOn)}`,
        long:
          `Nothing is shared with ${team} since ${formatDate(addDays(expiresOn, 1))}: notes, sessions, scores ` +
          `and updates stay in the practice until a new release is recorded.`,
      };
    case 'not_yet_valid':
      return {
        tone: 'warn',
        short: `Release starts ${formatDate(signedOn)}`,
        long: `The release of information starts on ${formatDate(signedOn)}; nothing is shared with ${team} before then.`,
      };
    default:
      return null;
  }
}

/**
 * The badges of a caseload row or a patient header: course phase, eligibility, prescription,
 * follow-up due and (for the practice, who can act on it) the release of information.
 */
export function patientBadges(
  patient: PatientSummary,
  today: string,
  options: { release: boolean },
): Badge[] {
  const badges: Badge[] = [];
  const course = patient.currentCourse;
  badges.push(
    course
      ? { kind: 'Course phase', label: PHASE_LABELS[course.phase], tone: 'neutral' }
      : { kind: 'Course phase', label: 'No course yet', tone: 'neutral' },
  );
  const status = patient.medicalStatus;
  if (status?.eligibility) {
    const tone: BadgeTone =
      status.eligibility === 'eligible' ? 'good' : status.eligibility === 'not_eligible' ? 'alert' : 'warn';
    badges.push({ kind: 'Eligibility', label: ELIGIBILITY_LABELS[status.eligibility], tone });
  }
  if (status?.prescription) {
    badges.push({
      kind: 'Prescription',
      label: prescriptionText(status.prescription),
      tone: status.prescription.status === 'active' ? 'good' : 'neutral',
    });
  }
  const followUp = followUpBadge(status?.nextFollowUpDue, today);
  if (followUp) badges.push(followUp);
  if (options.release) {
    const notice = releaseNotice(patient.careTeam);
    if (notice) badges.push({ kind: 'Release of information', label: notice.short, tone: notice.tone });
    else if (!patient.careTeam)
      badges.push({ kind: 'Medical team', label: 'No medical team linked', tone: 'neutral' });
  }
  return badges;
}
