import type {
  LoginResponse,
  MfaVerifyResponse,
  OrganizationKind,
  Role,
  SignedInUser,
  User,
} from '@kap/shared/contracts';

// The OpenAPI shapes of the sign-in answers (docs/api.md "Health and identity"); `implements` keeps
// them in step with the contract the web reads.

/** A person and where they work. */
export class UserResponse implements User {
  id!: string;
  email!: string;
  displayName!: string;
  role!: Role;
  organizationId!: string;
  organizationKind!: OrganizationKind;
}

export class SignedInUserResponse extends UserResponse implements SignedInUser {
  /** IANA time zone of the person's organization: the web shows every date in it. */
  organizationTimeZone!: string;
}

/** Signed in: the session cookie is set. */
export class SignedInResponse implements LoginResponse {
  user!: SignedInUserResponse;
}

export class MfaVerifiedResponse implements MfaVerifyResponse {
  user!: SignedInUserResponse;
  /** Only when this step also finished an enrolment: shown once, never again. */
  recoveryCodes?: string[];
}
