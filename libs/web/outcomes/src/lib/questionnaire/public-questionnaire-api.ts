import { HttpBackend, HttpClient, HttpHeaders } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  PublicQuestionnaire,
  SubmitQuestionnaireRequest,
  SubmittedQuestionnaire,
} from '@kap/shared/contracts';
import { firstValueFrom } from 'rxjs';

const linkUrl = (token: string) => `/api/q/${encodeURIComponent(token)}`;

/**
 * The patient's two public calls (docs/api.md "Patient self-report"). Straight to the HTTP backend,
 * past the app's interceptors: the person holding the link has no session, and the signed-in
 * app's handling of a 401 (forget the user, go to the sign-in page) must never act on this page.
 */
@Injectable({ providedIn: 'root' })
export class PublicQuestionnaireApi {
  private readonly http = new HttpClient(inject(HttpBackend));

  open(token: string): Promise<PublicQuestionnaire> {
    return firstValueFrom(this.http.get<PublicQuestionnaire>(linkUrl(token)));
  }

  /** The same key with the same answers is answered again by the server, never stored twice. */
  submit(
    token: string,
    body: SubmitQuestionnaireRequest,
    idempotencyKey: string,
  ): Promise<SubmittedQuestionnaire> {
    return firstValueFrom(
      this.http.post<SubmittedQuestionnaire>(linkUrl(token), body, {
        headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
      }),
    );
  }
}
