import type { CareTeam, MedicalTeam, Page, ReleaseOfInformation, ReleaseStatus } from '@kap/shared/contracts';

// The OpenAPI shapes of the answers (docs/api.md "Care team, release of information, medical
// status"); `implements` keeps them in step with the contract the web reads.

export class MedicalTeamResponse implements MedicalTeam {
  id!: string;
  name!: string;
}

export class MedicalTeamPage implements Page<MedicalTeam> {
  items!: MedicalTeamResponse[];
  nextCursor!: string | null;
}

export class ReleaseOfInformationResponse implements ReleaseOfInformation {
  /** `YYYY-MM-DD`, valid from this day... */
  signedOn!: string;
  /** ...through this day, inclusive. */
  expiresOn!: string;
  /** What the patient agreed may be shared, in their words or the form's. */
  scope!: string | null;
}

export class CareTeamResponse implements CareTeam {
  medicalTeamId!: string;
  medicalTeamName!: string;
  releaseOfInformation!: ReleaseOfInformationResponse;
  releaseStatus!: ReleaseStatus;
  /** Days from today to `expiresOn` (0 on the last valid day, negative once expired). */
  releaseDaysLeft!: number;
  /** True while the release is valid today: the team sees the patient. */
  sharing!: boolean;
  linkedAt!: string;
}
