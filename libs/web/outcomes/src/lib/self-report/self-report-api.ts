import { HttpClient, HttpHeaders } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreatedQuestionnaireRequest,
  CreateQuestionnaireRequest,
  MeasurementPlan,
  PutMeasurementPlanRequest,
  QuestionnaireRequest,
} from '@kap/shared/contracts';
import { firstValueFrom, map } from 'rxjs';

const patientUrl = (patientId: string) => `/api/patients/${encodeURIComponent(patientId)}`;
const planUrl = (courseId: string) => `/api/courses/${encodeURIComponent(courseId)}/measurement-plan`;

/** The therapist's calls of docs/api.md "Patient self-report": questionnaire links and measurement plans. */
@Injectable({ providedIn: 'root' })
export class SelfReportApi {
  private readonly http = inject(HttpClient);

  /**
   * The key makes a retry after a lost answer reuse the same request: the server answers it with a
   * new link (it keeps only the token's hash), and the lost one stops working.
   */
  createRequest(
    patientId: string,
    body: CreateQuestionnaireRequest,
    idempotencyKey: string,
  ): Promise<CreatedQuestionnaireRequest> {
    return firstValueFrom(
      this.http.post<CreatedQuestionnaireRequest>(`${patientUrl(patientId)}/questionnaire-requests`, body, {
        headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
      }),
    );
  }

  /** Newest first. Read as a page (`{ items }`) or a bare list, whichever the server sends. */
  requests(patientId: string): Promise<QuestionnaireRequest[]> {
    return firstValueFrom(
      this.http
        .get<
          QuestionnaireRequest[] | { items: QuestionnaireRequest[] }
        >(`${patientUrl(patientId)}/questionnaire-requests`)
        .pipe(map((answer) => (Array.isArray(answer) ? answer : answer.items))),
    );
  }

  cancelRequest(requestId: string): Promise<QuestionnaireRequest> {
    return firstValueFrom(
      this.http.post<QuestionnaireRequest>(
        `/api/questionnaire-requests/${encodeURIComponent(requestId)}/cancel`,
        {},
      ),
    );
  }

  plan(courseId: string): Promise<MeasurementPlan> {
    return firstValueFrom(this.http.get<MeasurementPlan>(planUrl(courseId)));
  }

  /** `If-Match` with the version read: a plan changed meanwhile answers 412, and nothing is written. */
  savePlan(courseId: string, version: number, body: PutMeasurementPlanRequest): Promise<MeasurementPlan> {
    return firstValueFrom(
      this.http.put<MeasurementPlan>(planUrl(courseId), body, {
        headers: new HttpHeaders({ 'If-Match': `"${version}"` }),
      }),
    );
  }
}
