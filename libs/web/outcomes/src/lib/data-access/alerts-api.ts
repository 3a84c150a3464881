import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { AcknowledgeAlertRequest, Alert, Page } from '@kap/shared/contracts';
import { Observable } from 'rxjs';

export type AlertStatus = 'open' | 'acknowledged';

/** The calls of docs/api.md "Alerts". The API orders urgent first, then oldest first. */
@Injectable({ providedIn: 'root' })
export class AlertsApi {
  private readonly http = inject(HttpClient);

  list(status: AlertStatus, cursor: string | null, limit = 50): Observable<Page<Alert>> {
    let params = new HttpParams().set('status', status).set('limit', limit);
    if (cursor) params = params.set('cursor', cursor);
    return this.http.get<Page<Alert>>('/api/alerts', { params });
  }

  acknowledge(alertId: string, body: AcknowledgeAlertRequest): Observable<Alert> {
    return this.http.post<Alert>(`/api/alerts/${encodeURIComponent(alertId)}/acknowledge`, body);
  }
}
