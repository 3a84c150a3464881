/** Who a signed-in person is and where they work. Contract: docs/api.md "Health and identity". */
export type Role = 'therapist' | 'practice_admin' | 'prescriber' | 'care_coordinator';
export type OrganizationKind = 'practice' | 'medical_team';

export const ROLES_BY_ORGANIZATION_KIND: Readonly<Record<OrganizationKind, readonly Role[]>> = {
  practice: ['therapist', 'practice_admin'],
  medical_team: ['prescriber', 'care_coordinator'],
};

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organizationId: string;
  organizationKind: OrganizationKind;
}

/**
 * The signed-in person as `POST /api/auth/login`, `POST /api/auth/mfa/verify` and
 * `GET /api/auth/me` answer them. `organizationTimeZone` is an addition to docs/api.md's `User`: the
 * web shows every date and time on their organization's calendar, and knows it from the first
 * answer, without asking `GET /api/organization` before the first page.
 */
export interface SignedInUser extends User {
  /** IANA time zone of the person's organization (`OrganizationSettings.timeZone`). */
  organizationTimeZone: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface LoginResponse {
  user: SignedInUser;
}

export interface HealthResponse {
  status: 'ok' | 'degraded';
  database: 'ok' | 'down';
}

/** A member of the caller's own organization, as a practice admin manages it. */
export interface OrganizationMember extends User {
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The caller's own organization and its settings (`GET/PATCH /api/organization`). */
export interface OrganizationSettings {
  id: string;
  name: string;
  kind: OrganizationKind;
  /** Hours (1–168) a side of this organization may leave an urgent alert unacknowledged before it escalates. */
  escalateAfterHours: number;
  /**
   * IANA time zone (`America/New_York`) whose calendar dates every rule of this organization's
   * patients counts in: course start, integration due, follow-up due, measure overdue.
   */
  timeZone: string;
}

/** What an organization's admin (practice admin, care coordinator) may change. */
export interface UpdateOrganizationRequest {
  escalateAfterHours?: number;
  /** An IANA time zone name; anything else is refused (400 naming `timeZone`). */
  timeZone?: string;
}

export interface CreateMemberRequest {
  email: string;
  displayName: string;
  role: Role;
  /** The first password; the person is told to change it. At least 12 characters. */
  password: string;
}

export interface UpdateMemberRequest {
  displayName?: string;
  role?: Role;
  active?: boolean;
}

/** The fewest characters a new password may have (docs/api.md "Accounts and hardening"). */
export const MIN_PASSWORD_LENGTH = 12;

/** `POST /api/auth/password`: the signed-in person changes their own password. */
export interface ChangePasswordRequest {
  currentPassword: string;
  /** At least 12 characters, not the e-mail, not a common password (400 naming `newPassword`). */
  newPassword: string;
}

/** `POST /api/users/:id/password-reset`: a single-use link for the member, valid 24 hours, shown once. */
export interface PasswordResetLink {
  url: string;
  expiresAt: string;
}

/** `POST /api/auth/password-reset` (public): the token from the link and the new password. */
export interface ResetPasswordRequest {
  token: string;
  newPassword: string;
}
