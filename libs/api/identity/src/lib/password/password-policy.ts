import { Injectable } from '@nestjs/common';
import { MIN_PASSWORD_LENGTH } from '@kap/shared/contracts';

/**
 * What a new password must be (docs/api.md "Accounts and hardening"): at least 12 characters, not the
 * person's e-mail (nor its part before the @), and not one of the ~49,000 most common passwords.
 * The list is the one @zxcvbn-ts/language-common ships (a maintained package, no network at run
 * time); it is loaded on the first check, not at start-up, because unpacking it takes ~0.2 s.
 */
@Injectable()
export class PasswordPolicy {
  private common: Promise<ReadonlySet<string>> | null = null;

  /** Why `password` may not become the password of `email`, or null when it may. */
  async problemWith(password: string, email: string): Promise<string | null> {
    if ([...password].length < MIN_PASSWORD_LENGTH)
      return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
    const lowered = password.trim().toLowerCase();
    const emailKey = email.trim().toLowerCase();
    if (lowered === emailKey || lowered === emailKey.split('@')[0]) return 'must not be your email address';
    if ((await this.commonPasswords()).has(lowered)) {
      return 'is one of the most common passwords, which attackers try first; choose a longer phrase of your own';
    }
    return null;
  }

  private commonPasswords(): Promise<ReadonlySet<string>> {
    this.common ??= import('@zxcvbn-ts/language-common').then(
      ({ dictionary }) => new Set(dictionary['passwords-common'].map((word) => word.toLowerCase())),
    );
    return this.common;
  }
}
