import type { SignedInUser } from './identity';

/** Two-step sign-in (TOTP + recovery codes). Contract: docs/decisions/0006-mfa.md. */
export type MfaPolicy = 'optional' | 'required';

/**
 * The answer to a correct password when a second step is needed: no session yet, only a
 * short-lived, single-use challenge for `POST /api/auth/mfa/verify`. When the organization
 * requires two-step sign-in and the person has not set it up, `enrolment` carries a new secret
 * and the verify call confirms it.
 */
export interface MfaChallenge {
  mfaRequired: true;
  challenge: string;
  expiresAt: string;
  enrolment: MfaEnrolment | null;
}

/** `POST /api/auth/login` answers either a user (and a session cookie) or a challenge. */
export type LoginAnswer = { user: SignedInUser } | MfaChallenge;

export interface MfaVerifyRequest {
  challenge: string;
  /** 6 digits from the app, or one recovery code (`ABCDE-FGHJK`). */
  code: string;
}

export interface MfaVerifyResponse {
  user: SignedInUser;
  /** Only when this step also finished an enrolment: shown once, never again. */
  recoveryCodes?: string[];
}

/** A new secret to put into an authenticator app; valid for 10 minutes until confirmed. */
export interface MfaEnrolment {
  secret: string;
  otpauthUri: string;
  /** The otpauth URI as an SVG QR code, made on the server (no third-party QR service). */
  qrSvg: string;
}

export interface MfaCodeRequest {
  code: string;
}

export interface MfaRecoveryCodes {
  recoveryCodes: string[];
}

export interface MfaStatus {
  enabled: boolean;
  enrolledAt: string | null;
  recoveryCodesLeft: number;
  policy: MfaPolicy;
}

export interface MfaPolicyRequest {
  policy: MfaPolicy;
}
