import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreateStatusUpdateRequest,
  Dashboard,
  Disclosure,
  FollowUpPacket,
  Note,
  Outcome,
  Page,
  SendFollowUpPacketRequest,
  Session,
  StatusUpdate,
  UnreadCounts,
} from '@kap/shared/contracts';
import { Observable } from 'rxjs';

const patientUrl = (patientId: string) => `/api/patients/${encodeURIComponent(patientId)}`;
const page = (limit: number, cursor: string | null) => {
  const params = new HttpParams().set('limit', limit);
  return cursor ? params.set('cursor', cursor) : params;
};

/** The calls of docs/api.md "Alerts, care-team updates, dashboard" that the web app makes. */
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
    return this.http.get<FollowUpPacket>(`${patientUrl(patientId)}/follow-up-packet`);
  }

  /** The same packet as the copy-paste text the API writes (`Accept: text/plain`). */
  packetText(patientId: string): Observable<string> {
    return this.http.get(`${patientUrl(patientId)}/follow-up-packet`, {
      headers: new HttpHeaders({ Accept: 'text/plain' }),
      responseType: 'text',
    });
  }

  /** One key per send the user means, so a retry after a lost answer posts the packet once. */
  sendPacket(
    patientId: string,
    body: SendFollowUpPacketRequest,
    idempotencyKey: string,
  ): Observable<StatusUpdate> {
    return this.http.post<StatusUpdate>(`${patientUrl(patientId)}/follow-up-packet/send`, body, {
      headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
    });
  }

  /** The care-team thread, oldest first; the cursor leads to later updates. */
  statusUpdates(
    patientId: string,
    cursor: string | null = null,
    limit = 100,
  ): Observable<Page<StatusUpdate>> {
    return this.http.get<Page<StatusUpdate>>(`${patientUrl(patientId)}/status-updates`, {
      params: page(limit, cursor),
    });
  }

  /** The key makes a retried send (double press, lost answer) post the update once. */
  postStatusUpdate(
    patientId: string,
    body: CreateStatusUpdateRequest,
    idempotencyKey: string,
  ): Observable<StatusUpdate> {
    return this.http.post<StatusUpdate>(`${patientUrl(patientId)}/status-updates`, body, {
      headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
    });
  }

  acknowledge(statusUpdateId: string): Observable<StatusUpdate> {
    return this.http.post<StatusUpdate>(
      `/api/status-updates/${encodeURIComponent(statusUpdateId)}/acknowledge`,
      {},
    );
  }

  /** The accounting of disclosures, newest first. */
  disclosures(patientId: string, cursor: string | null = null, limit = 50): Observable<Page<Disclosure>> {
    return this.http.get<Page<Disclosure>>(`${patientUrl(patientId)}/disclosures`, {
      params: page(limit, cursor),
    });
  }

  /** What the compose form offers to attach: the patient's sessions, scores and notes, newest first. */
  sessions(patientId: string, limit = 100): Observable<Page<Session>> {
    return this.http.get<Page<Session>>(`${patientUrl(patientId)}/sessions`, { params: page(limit, null) });
  }

  outcomes(patientId: string, limit = 100): Observable<Page<Outcome>> {
    return this.http.get<Page<Outcome>>(`${patientUrl(patientId)}/outcomes`, { params: page(limit, null) });
  }

  notes(patientId: string, limit = 100): Observable<Page<Note>> {
    return this.http.get<Page<Note>>(`${patientUrl(patientId)}/notes`, { params: page(limit, null) });
  }
}
