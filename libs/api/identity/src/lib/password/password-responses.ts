import type { PasswordResetLink } from '@kap/shared/contracts';

/** A single-use link for the member, valid 24 hours, shown once. */
export class PasswordResetLinkResponse implements PasswordResetLink {
  url!: string;
  expiresAt!: string;
}
