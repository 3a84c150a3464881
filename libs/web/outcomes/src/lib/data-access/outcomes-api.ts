import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  InstrumentSummary,
  Outcome,
  OutcomeTrend,
  Page,
  PatientForMedicalTeam,
  RecordOutcomeRequest,
} from '@kap/shared/contracts';
import type { InstrumentCode } from '@kap/shared/domain';
import { firstValueFrom, Observable } from 'rxjs';

const patientUrl = (patientId: string) => `/api/patients/${encodeURIComponent(patientId)}`;

/** The calls of docs/api.md "Outcome measures". */
@Injectable({ providedIn: 'root' })
export class OutcomesApi {
  private readonly http = inject(HttpClient);

  /** The definitions never change while the app runs, so one answer serves every page. */
  private instrumentsCache: Promise<InstrumentSummary[]> | null = null;

  instruments(): Promise<InstrumentSummary[]> {
    const pending = (this.instrumentsCache ??= firstValueFrom(
      this.http.get<InstrumentSummary[]>('/api/instruments'),
    ));
    // A failure is not kept: the next page asks again.
    pending.catch(() => {
      if (this.instrumentsCache === pending) this.instrumentsCache = null;
    });
    return pending;
  }

  /** Just enough of the patient to name them in the heading (every reader may see this much). */
  patient(patientId: string): Observable<PatientForMedicalTeam> {
    return this.http.get<PatientForMedicalTeam>(patientUrl(patientId));
  }

  /** The key makes a retried save (double press, flaky network) store one score, not two. */
  record(patientId: string, body: RecordOutcomeRequest, idempotencyKey: string): Observable<Outcome> {
    return this.http.post<Outcome>(`${patientUrl(patientId)}/outcomes`, body, {
      headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
    });
  }

  /** Newest first, voided scores included (they carry `voidedAt` and `voidReason`). */
  list(patientId: string, instrument: InstrumentCode, limit = 200): Observable<Page<Outcome>> {
    const params = new HttpParams().set('instrument', instrument).set('limit', limit);
    return this.http.get<Page<Outcome>>(`${patientUrl(patientId)}/outcomes`, { params });
  }

  trend(patientId: string, instrument: InstrumentCode): Observable<OutcomeTrend> {
    const params = new HttpParams().set('instrument', instrument);
    return this.http.get<OutcomeTrend>(`${patientUrl(patientId)}/outcomes/trend`, { params });
  }

  void(outcomeId: string, reason: string): Observable<Outcome> {
    return this.http.post<Outcome>(`/api/outcomes/${encodeURIComponent(outcomeId)}/void`, { reason });
  }
}
