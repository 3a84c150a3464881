import type {
  MfaChallenge,
  MfaEnrolment,
  MfaPolicy,
  MfaRecoveryCodes,
  MfaStatus,
} from '@kap/shared/contracts';

// The OpenAPI shapes of the two-step sign-in answers (decision 0006); `implements` keeps them in
// step with the contract the web reads.

/** A new secret to put into an authenticator app; valid for 10 minutes until confirmed. */
export class MfaEnrolmentResponse implements MfaEnrolment {
  secret!: string;
  otpauthUri!: string;
  /** The otpauth URI as an SVG QR code, made on the server. */
  qrSvg!: string;
}

/** A correct password when a second step is needed: no session yet, a single-use challenge. */
export class MfaChallengeResponse implements MfaChallenge {
  mfaRequired!: true;
  challenge!: string;
  expiresAt!: string;
  /** A new secret when the organization requires the second step and the person has none yet. */
  enrolment!: MfaEnrolmentResponse | null;
}

export class MfaRecoveryCodesResponse implements MfaRecoveryCodes {
  recoveryCodes!: string[];
}

export class MfaStatusResponse implements MfaStatus {
  enabled!: boolean;
  enrolledAt!: string | null;
  recoveryCodesLeft!: number;
  policy!: MfaPolicy;
}
