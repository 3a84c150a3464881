import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { ChangePasswordRequest, PasswordResetLink, ResetPasswordRequest } from '@kap/shared/contracts';
import { firstValueFrom } from 'rxjs';

/** Password change, an admin's reset link, and its use (docs/api.md "Accounts and hardening"). */
@Injectable({ providedIn: 'root' })
export class PasswordApi {
  private readonly http = inject(HttpClient);

  /** Ends every other session of the person; this one stays. */
  change(body: ChangePasswordRequest): Promise<void> {
    return firstValueFrom(this.http.post<void>('/api/auth/password', body));
  }

  /** A practice admin's single-use link for a member, valid 24 hours; earlier links stop working. */
  issueReset(memberId: string): Promise<PasswordResetLink> {
    return firstValueFrom(
      this.http.post<PasswordResetLink>(`/api/users/${encodeURIComponent(memberId)}/password-reset`, null),
    );
  }

  /** Public: the token from the link is the credential. */
  reset(body: ResetPasswordRequest): Promise<void> {
    return firstValueFrom(this.http.post<void>('/api/auth/password-reset', body));
  }
}
