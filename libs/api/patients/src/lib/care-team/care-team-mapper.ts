import { isoTimestampSql } from '@kap/api/platform';
import type { CareTeam } from '@kap/shared/contracts';
import { releaseDaysLeft, releaseStatus, statusAllowsSharing } from '@kap/shared/domain';

/** The current link with its team's name, as the queries select it. */
export interface CareTeamRow {
  medical_team_id: string;
  medical_team_name: string;
  release_signed_on: string;
  release_expires_on: string;
  release_scope: string | null;
  /** ISO text (`isoTimestampSql`). */
  linked_at: string;
}

/** `alias` is the `care_team_link`, `teamAlias` the joined `organization`. */
export function careTeamColumns(alias: string, teamAlias: string): string {
  return `${alias}.medical_team_id, ${teamAlias}.name AS medical_team_name,
    to_char(${alias}.release_signed_on, 'YYYY-MM-DD') AS release_signed_on,
    to_char(${alias}.release_expires_on, 'YYYY-MM-DD') AS release_expires_on,
    ${alias}.release_scope, ${isoTimestampSql(`${alias}.linked_at`)} AS linked_at`;
}

/** `today` decides the release's status; the dates themselves are shown as recorded. */
export function toCareTeam(row: CareTeamRow, today: string): CareTeam {
  const release = { signedOn: row.release_signed_on, expiresOn: row.release_expires_on };
  const status = releaseStatus(release, today);
  return {
    medicalTeamId: row.medical_team_id,
    medicalTeamName: row.medical_team_name,
    releaseOfInformation: { ...release, scope: row.release_scope },
    releaseStatus: status,
    releaseDaysLeft: releaseDaysLeft(release, today),
    sharing: statusAllowsSharing(status),
    linkedAt: row.linked_at,
  };
}
