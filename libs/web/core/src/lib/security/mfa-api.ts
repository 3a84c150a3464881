import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  MfaEnrolment,
  MfaPolicy,
  MfaRecoveryCodes,
  MfaStatus,
  MfaVerifyResponse,
} from '@kap/shared/contracts';
import { firstValueFrom } from 'rxjs';
import { AUTH_URLS } from '../auth/auth-store';

const MFA = '/api/auth/mfa';

/** The two-step sign-in calls (docs/decisions/0006-mfa.md). Lives in the lazy pages that use it. */
@Injectable({ providedIn: 'root' })
export class MfaApi {
  private readonly http = inject(HttpClient);

  verify(challenge: string, code: string): Promise<MfaVerifyResponse> {
    return firstValueFrom(this.http.post<MfaVerifyResponse>(AUTH_URLS.mfaVerify, { challenge, code }));
  }

  status(): Promise<MfaStatus> {
    return firstValueFrom(this.http.get<MfaStatus>(MFA));
  }

  startEnrolment(): Promise<MfaEnrolment> {
    return firstValueFrom(this.http.post<MfaEnrolment>(`${MFA}/enrolment`, null));
  }

  confirmEnrolment(code: string): Promise<MfaRecoveryCodes> {
    return firstValueFrom(this.http.post<MfaRecoveryCodes>(`${MFA}/enrolment/confirm`, { code }));
  }

  renewRecoveryCodes(code: string): Promise<MfaRecoveryCodes> {
    return firstValueFrom(this.http.post<MfaRecoveryCodes>(`${MFA}/recovery-codes`, { code }));
  }

  disable(code: string): Promise<void> {
    return firstValueFrom(this.http.delete<void>(MFA, { body: { code } }));
  }

  setPolicy(policy: MfaPolicy): Promise<MfaStatus> {
    return firstValueFrom(this.http.put<MfaStatus>('/api/organization/mfa-policy', { policy }));
  }
}
