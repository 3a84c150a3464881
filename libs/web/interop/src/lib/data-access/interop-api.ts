import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AuditEventItem,
  AuditListQuery,
  OrganizationMember,
  Page,
  PatientSummary,
} from '@kap/shared/contracts';
import type { Observable } from 'rxjs';

/** The calls of docs/api.md "Audit and export" the web app makes, and the lists its filters offer. */
@Injectable({ providedIn: 'root' })
export class InteropApi {
  private readonly http = inject(HttpClient);

  /**
   * The patient's FHIR R4 Bundle. Read as JSON (not a blob) so that a refusal arrives as the API's
   * usual error body; the caller turns the bundle into the downloaded file.
   */
  fhirBundle(patientId: string): Observable<object> {
    return this.http.get<object>(`/api/patients/${encodeURIComponent(patientId)}/fhir`);
  }

  auditEvents(query: AuditListQuery): Observable<Page<AuditEventItem>> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params = params.set(key, String(value));
    }
    return this.http.get<Page<AuditEventItem>>('/api/audit', { params });
  }

  /** The practice's people, for the "who" filter and for naming actors. */
  members(): Observable<Page<OrganizationMember>> {
    return this.http.get<Page<OrganizationMember>>('/api/users', {
      params: new HttpParams().set('limit', 100),
    });
  }

  /** The practice's patients, for the "patient" filter and for naming them. */
  patients(): Observable<Page<PatientSummary>> {
    return this.http.get<Page<PatientSummary>>('/api/patients', {
      params: new HttpParams().set('limit', 200),
    });
  }
}
