import { HttpClient, HttpHeaders } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Dashboard, FollowUpPacket, SendFollowUpPacketRequest, StatusUpdate, UnreadCounts } from '@kap/shared/contracts';
import { Observable } from 'rxjs';

/** The calls of api.md "Alerts, care-team updates, dashboard" that the web app makes. */
@Injectable({ providedIn: 'root' })
export class SharingApi {
  private readonly http = inject(HttpClient);

  dashboard(): Observable<Dashboard> {
    return this.http.get<Dashboard>('/api/dashboard');
  }

  unread(): Observable<UnreadCounts> {
    return this.http.get<UnreadCounts>('/api/status-updates/unread');
  }

  packet(patientId: string): Observable<FollowUpPacket> {
    return this.http.get<FollowUpPacket>(`/api/patients/${encodeURIComponent(patientId)}/follow-up-packet`);
  }

  /** The same packet as the copy-paste text the API writes (`Accept: text/plain`). */
  packetText(patientId: string): Observable<string> {
    return this.http.get(`/api/patients/${encodeURIComponent(patientId)}/follow-up-packet`, {
      headers: new HttpHeaders({ Accept: 'text/plain' }),
      responseType: 'text',
    });
  }

  /** One key per send the user means, so a retry after a lost answer posts the packet once. */
  sendPacket(patientId: string, body: SendFollowUpPacketRequest, idempotencyKey: string): Observable<StatusUpdate> {
    return this.http.post<StatusUpdate>(`/api/patients/${encodeURIComponent(patientId)}/follow-up-packet/send`, body, {
      headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
    });
  }
}
